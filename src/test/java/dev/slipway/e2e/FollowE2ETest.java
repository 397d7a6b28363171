package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.ForgeApiReceiver;
import dev.slipway.testing.GitHttpUpstream;
import dev.slipway.testing.SshUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An app that follows a repository on a (real, loopback) git server over HTTPS with a token: what is pushed there is
 * built here — found by polling when no webhook says so — and Slipway's own remote takes only promotions for it.
 */
class FollowE2ETest extends OneServerE2E {
    private static final String TOKEN = "upstream-token-1234";
    private static GitHttpUpstream upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = GitHttpUpstream.start(tmp.resolve("forge"), TOKEN);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Test
    void branchesPushedUpstreamAreBuiltAndTornDownByPollingAlone() throws Exception {
        String url = upstream.create("polled");
        GitClient git = exampleRepo(tmp.resolve("polled-work"));
        git.push(upstream.pushUrl("polled"), "HEAD:refs/heads/main").ok();
        Path tokenFile = Files.writeString(tmp.resolve("polled-token"), TOKEN + "\n");

        CliRunner.Result created = cli.run("app", "create", "polled", "--from", url, "--token-file", tokenFile.toString(),
                "--poll-interval", "1s");

        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("It follows " + url).doesNotContain(TOKEN);
        JsonNode main = awaitRun("polled", firstRun("polled", "main"));
        assertThat(main.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(main.get("pushed_by").asText()).as("the first look names no pusher").isEqualTo("forge:unknown");
        awaitServing("polled", "staging", "hello from staging");

        git.run("checkout", "-q", "-b", "feature/poll").ok();
        git.write("NOTES", "feature\n");
        git.commitAll("feature");
        git.push(upstream.pushUrl("polled"), "HEAD:refs/heads/feature/poll").ok();

        awaitRun("polled", firstRun("polled", "feature/poll"));
        awaitServing("polled", "dev-feature-poll", "hello from dev-feature-poll");

        git.push(upstream.pushUrl("polled"), ":refs/heads/feature/poll").ok();
        await().atMost(LONG).until(() -> api.environment("polled", "dev-feature-poll") == null);

        git.push(upstream.pushUrl("polled"), "HEAD:refs/heads/env/staging").ok();
        git.push(upstream.pushUrl("polled"), "HEAD:refs/heads/after-env").ok();
        awaitRun("polled", firstRun("polled", "after-env"));
        assertThat(runs("polled")).as("an upstream env/ branch is never taken")
                .noneMatch(r -> r.get("branch").asText().startsWith("env/"));
        String slipwayRefs = git.run("ls-remote", server.pushUrl("polled")).ok().out();
        String head = git.run("rev-parse", "HEAD").ok().out().strip();
        assertThat(slipwayRefs).doesNotContain(head + "\trefs/heads/env/staging");
        assertThat(server.logText()).contains("upstream branch env/staging ignored");

        JsonNode app = api.get("/api/v1/apps/polled");
        assertThat(app.get("upstream").get("url").asText()).isEqualTo(url);
        assertThat(app.get("upstream").get("synced_at").isNull()).isFalse();
        assertThat(app.get("upstream").has("sync_error")).isFalse();
        assertThat(app.toString()).doesNotContain(TOKEN);
    }

    @Test
    void slipwaysOwnRemoteRefusesBranchesAndTagsOfAFollowedApp() throws Exception {
        String url = upstream.create("own");
        GitClient git = exampleRepo(tmp.resolve("own-work"));
        git.push(upstream.pushUrl("own"), "HEAD:refs/heads/main").ok();
        Path tokenFile = Files.writeString(tmp.resolve("own-token"), TOKEN);
        assertThat(cli.run("app", "create", "own", "--from", url, "--token-file", tokenFile.toString()).exit()).isZero();

        GitClient.Result branch = git.push(server.pushUrl("own"), "HEAD:refs/heads/sneaky");
        GitClient.Result tag = git.push(server.pushUrl("own"), "HEAD:refs/tags/v9");

        assertThat(branch.exit()).isNotZero();
        assertThat(branch.err()).contains("own follows " + url + ": push branches and tags there; only env/ promotions "
                + "are taken here");
        assertThat(tag.exit()).isNotZero();
        assertThat(runs("own")).noneMatch(r -> r.get("branch").asText().equals("sneaky"));
        firstRun("own", "main");
        String refs = git.run("ls-remote", server.pushUrl("own")).ok().out();
        assertThat(refs).contains("refs/heads/main").doesNotContain("refs/upstream/");
    }

    @Test
    void aRepositoryThatCannotBeReadCreatesNothing() throws Exception {
        String url = upstream.create("locked");
        Path wrong = Files.writeString(tmp.resolve("wrong-token"), "not-the-token");

        CliRunner.Result created = cli.run("app", "create", "locked", "--from", url, "--token-file", wrong.toString());
        CliRunner.Result local = cli.run("app", "create", "disk", "--from", "file:///etc");
        // a token goes only where it is protected on the way (refused before the forge is even asked)
        CliRunner.Result clear = cli.run("app", "create", "clear", "--from", "http://git.example.com/acme/shop.git",
                "--token-file", wrong.toString());
        CliRunner.Result gitProtocol = cli.run("app", "create", "anon", "--from",
                "git://127.0.0.1:9/acme/shop.git", "--token-file", wrong.toString());
        // hostile URLs are refused, saying why, before anything looks at them (a new line in one was a 500)
        CliRunner.Result newline = cli.run("app", "create", "nl", "--from", url + "\nfoo");
        CliRunner.Result option = cli.run("app", "create", "opt", "--from", "--upload-pack=touch /tmp/x");
        Path weakSecret = Files.writeString(tmp.resolve("weak-secret"), "hunter2\n");
        CliRunner.Result weak = cli.run("app", "create", "weak", "--from", url, "--webhook-secret-file",
                weakSecret.toString());
        CliRunner.Result clearApi = cli.run("app", "create", "clearapi", "--from", url, "--forge", "gitea",
                "--api-url", "http://git.example.com/api/v1", "--token-file", wrong.toString());

        assertThat(created.exit()).isNotZero();
        assertThat(created.err()).contains("cannot list the refs of").contains("nothing was created")
                .doesNotContain("not-the-token");
        assertThat(local.exit()).isNotZero();
        assertThat(local.err()).contains("does not follow repositories on its own disk");
        assertThat(clear.exit()).isNotZero();
        assertThat(clear.err()).contains("is plain http://: the token would cross the network in clear")
                .contains("nothing was created").doesNotContain("not-the-token");
        assertThat(gitProtocol.exit()).isNotZero();
        assertThat(gitProtocol.err()).contains("carries no credentials");
        assertThat(newline.exit()).isNotZero();
        assertThat(newline.err()).contains("is not a repository URL: it holds white space or a control character");
        assertThat(option.exit()).isNotZero();
        assertThat(option.err()).contains("starts with '-'");
        assertThat(weak.exit()).isNotZero();
        assertThat(weak.err()).contains("the secret has 7 characters; give at least 16").doesNotContain("hunter2");
        assertThat(clearApi.exit()).isNotZero();
        assertThat(clearApi.err()).contains("--api-url 'http://git.example.com/api/v1' is plain http://")
                .doesNotContain("not-the-token");
        assertThat(api.get("/api/v1/apps").toString()).doesNotContain("\"locked\"").doesNotContain("\"disk\"")
                .doesNotContain("\"clear\"").doesNotContain("\"anon\"").doesNotContain("\"nl\"")
                .doesNotContain("\"opt\"").doesNotContain("\"clearapi\"").doesNotContain("\"weak\"");
        assertThat(server.data().resolve("repos").resolve("locked.git")).doesNotExist();
    }

    @Test
    void aRepositoryIsFollowedOverSshWithAKeyAndPinnedHostKeysOnly() throws Exception {
        try (SshUpstream ssh = SshUpstream.start(tmp.resolve("sshd"))) {
            String url = ssh.create("over-ssh");
            GitClient git = exampleRepo(tmp.resolve("ssh-work"));
            git.push(ssh.repository("over-ssh").toString(), "HEAD:refs/heads/main").ok();
            Path key = Files.writeString(tmp.resolve("ssh-key"), ssh.clientKey());
            Path pinned = Files.writeString(tmp.resolve("known-hosts"), ssh.knownHosts());
            Path wrong = Files.writeString(tmp.resolve("wrong-hosts"), ssh.wrongKnownHosts());

            CliRunner.Result impostor = cli.run("app", "create", "spoofed", "--from", url, "--ssh-key-file",
                    key.toString(), "--known-hosts-file", wrong.toString());
            CliRunner.Result created = cli.run("app", "create", "over-ssh", "--from", url, "--ssh-key-file",
                    key.toString(), "--known-hosts-file", pinned.toString());

            assertThat(impostor.exit()).as("a host key that is not pinned is refused").isNotZero();
            assertThat(impostor.err()).contains("nothing was created");
            assertThat(created.exit()).as(created.err()).isZero();
            assertThat(awaitRun("over-ssh", firstRun("over-ssh", "main")).get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(api.get("/api/v1/apps/over-ssh").toString()).doesNotContain("PRIVATE KEY");
            assertThat(server.data().resolve("forge-ssh")).isEmptyDirectory();
        }
    }

    @Test
    void whatWasPushedUpstreamWhileSlipwayWasDownIsBuiltOnceWhenItIsBack() throws Exception {
        String url = upstream.create("down");
        GitClient git = exampleRepo(tmp.resolve("down-work"));
        git.push(upstream.pushUrl("down"), "HEAD:refs/heads/main").ok();
        Path tokenFile = Files.writeString(tmp.resolve("down-token"), TOKEN);
        // polled once a day: only the look every followed app gets when the server starts can take the change
        assertThat(cli.run("app", "create", "down", "--from", url, "--token-file", tokenFile.toString(),
                "--poll-interval", "24h").exit()).isZero();
        awaitRun("down", firstRun("down", "main"));

        server.crash();
        git.run("checkout", "-q", "-b", "while-down").ok();
        git.write("NOTES", "pushed while Slipway was down\n");
        git.commitAll("while down");
        git.push(upstream.pushUrl("down"), "HEAD:refs/heads/while-down").ok();
        // what a look over SSH killed mid-fetch leaves: the app's private key, in clear, in its scratch directory
        Path leftKey = server.data().resolve("forge-ssh/ssh-1234/id");
        Files.createDirectories(leftKey.getParent());
        Files.writeString(leftKey, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        server.launch();
        assertThat(leftKey.getParent()).doesNotExist();

        JsonNode run = awaitRun("down", firstRun("down", "while-down"));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                runs("down").stream().filter(r -> r.get("branch").asText().equals("while-down")).count() == 1);
        assertThat(runs("down").stream().filter(r -> r.get("branch").asText().equals("main")).count())
                .as("main did not change: not built again").isEqualTo(1);
    }

    @Test
    void eachRunIsReportedToTheForgeAsQueuedRunningAndSucceededWithItsLink() throws Exception {
        try (ForgeApiReceiver forge = ForgeApiReceiver.start()) {
            String url = upstream.create("acme/reported");
            GitClient git = exampleRepo(tmp.resolve("reported-work"));
            git.push(upstream.pushUrl("acme/reported"), "HEAD:refs/heads/main").ok();
            Path tokenFile = Files.writeString(tmp.resolve("reported-token"), TOKEN);

            CliRunner.Result created = cli.run("app", "create", "reported", "--from", url, "--forge", "github",
                    "--api-url", forge.url("/api/v3"), "--token-file", tokenFile.toString());

            assertThat(created.exit()).as(created.err()).isZero();
            long run = firstRun("reported", "main");
            assertThat(awaitRun("reported", run).get("state").asText()).isEqualTo("SUCCEEDED");
            String commit = git.head();
            List<ForgeApiReceiver.Call> calls = await().atMost(LONG).until(forge::calls, c -> c.size() >= 3);
            assertThat(calls).extracting(c -> c.json().get("state").asText())
                    .containsExactly("pending", "pending", "success");
            assertThat(calls).allSatisfy(call -> {
                assertThat(call.path()).isEqualTo("/api/v3/repos/acme/reported/statuses/" + commit);
                assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
                assertThat(call.json().get("target_url").asText())
                        .isEqualTo(server.url() + "/ui/apps/reported/runs/" + run);
                assertThat(call.json().get("context").asText()).isEqualTo("slipway/reported");
            });
            CliRunner.Result reports = cli.run("reports", "reported");
            assertThat(reports.exit()).as(reports.err()).isZero();
            assertThat(reports.out()).contains("SENT").doesNotContain(TOKEN);
        }
    }

    @Test
    void reportsTheForgeCouldNotTakeBeforeAKillAreSentInTheirOrderWhenTheServerIsBack() throws Exception {
        try (ForgeApiReceiver forge = ForgeApiReceiver.start()) {
            forge.answer(503, "{\"message\": \"unavailable\"}", 1_000);
            String url = upstream.create("acme/outage");
            GitClient git = exampleRepo(tmp.resolve("outage-work"));
            git.push(upstream.pushUrl("acme/outage"), "HEAD:refs/heads/main").ok();
            Path tokenFile = Files.writeString(tmp.resolve("outage-token"), TOKEN);
            assertThat(cli.run("app", "create", "outage", "--from", url, "--forge", "github",
                    "--api-url", forge.url("/api/v3"), "--token-file", tokenFile.toString()).exit()).isZero();
            long run = firstRun("outage", "main");
            assertThat(awaitRun("outage", run).get("state").asText()).isEqualTo("SUCCEEDED");
            await().atMost(LONG).until(() -> forge.calls().size() >= 2); // the first status, refused and tried again

            server.crash();
            int refused = forge.calls().size();
            forge.answerAsUsual();
            server.launch();

            List<ForgeApiReceiver.Call> taken = await().atMost(LONG)
                    .until(() -> forge.calls().subList(refused, forge.calls().size()), c -> c.size() >= 3);
            assertThat(forge.calls().subList(0, refused)).as("only the first status was tried while the forge was down")
                    .extracting(c -> c.json().get("state").asText()).containsOnly("pending");
            assertThat(taken).as("nothing lost, nothing out of order: success is the forge's last word")
                    .extracting(c -> c.json().get("state").asText()).containsExactly("pending", "pending", "success");
            assertThat(taken).allSatisfy(call -> assertThat(call.json().get("target_url").asText())
                    .isEqualTo(server.url() + "/ui/apps/outage/runs/" + run));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> forge.calls().size() == refused + 3);
            CliRunner.Result reports = cli.run("reports", "outage");
            assertThat(reports.exit()).as(reports.err()).isZero();
            assertThat(reports.out()).contains("SENT").doesNotContain("PENDING").doesNotContain(TOKEN);
        }
    }
}
