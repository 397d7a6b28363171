package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * `env/<ENV>` names what runs in ENV, with the real git client: it appears with the first live deployment (however
 * it got there) so `git push slipway C:env/production` works; rollbacks, by hand or by the watch, move it back, so
 * pushing the newer commit again rolls forward; a pushed promotion that does not go live leaves it where it was;
 * and a ref left wrong while the server was down is repaired when it starts.
 */
class EnvRefE2ETest extends OneServerE2E {
    private static final Pattern PROMOTION = Pattern.compile("promotion #(\\d+) to production");

    @Test
    void envProductionNamesWhatRunsThereThroughPromotionsRollbacksRefusalsAndARestart() throws Exception {
        createApp("reffed");
        String alice = tokenFor("alice", "releaser", "reffed");
        String bob = tokenFor("bob", "releaser", "reffed");
        GitClient git = exampleRepo(tmp.resolve("reffed"));
        String remote = server.pushUrl("reffed", "alice", alice);
        String v1 = git.head();
        awaitRun("reffed", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        awaitServing("reffed", "staging", "version 1.0.0");
        awaitRef(git, remote, "staging", v1); // a push deployment makes its environment's ref too

        // nothing ever ran in production: git cannot guess what kind of ref a commit id goes to
        assertThat(ref(git, remote, "production")).isEmpty();
        GitClient.Result tooEarly = git.push(remote, v1 + ":env/production");
        assertThat(tooEarly.exit()).isNotZero();
        assertThat(tooEarly.err()).contains("not a full refname");

        // a tag promotion is the first to go live: the ref appears with it
        git.run("tag", "v1.0.0").ok();
        approve(bob, promotion(git.push(remote, "refs/tags/v1.0.0").ok()));
        awaitServing("reffed", "production", "version 1.0.0");
        awaitRef(git, remote, "production", v1);

        // from then on the short form works; the ref names the pushed commit while its promotion waits
        String v2 = release(git, remote, "2.0.0");
        long second = promotion(git.push(remote, v2 + ":env/production").ok());
        assertThat(ref(git, remote, "production")).isEqualTo(v2);
        approve(bob, second);
        JsonNode production2 = awaitServing("reffed", "production", "version 2.0.0");

        // `slipway rollback` moves the ref back; pushing the newer commit again rolls forward
        CliRunner.Result rollback = cli.as(alice).run("rollback", "reffed", "production");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        awaitServing("reffed", "production", "version 1.0.0");
        awaitRef(git, remote, "production", v1);
        GitClient.Result forward = git.push(remote, v2 + ":env/production").ok();
        assertThat(forward.err()).contains("rollback of production to " + production2.get("digest").asText());
        awaitServing("reffed", "production", "version 2.0.0");
        awaitRef(git, remote, "production", v2);

        // a pushed promotion someone rejects: the ref goes back to what runs
        String v3 = release(git, remote, "3.0.0");
        long third = promotion(git.push(remote, v3 + ":env/production").ok());
        assertThat(ref(git, remote, "production")).isEqualTo(v3);
        CliRunner.Result reject = cli.as(bob).run("reject", "reffed", Long.toString(third), "--reason", "not today");
        assertThat(reject.exit()).as(reject.err()).isZero();
        awaitRef(git, remote, "production", v2);

        // a pushed promotion whose deployment fails (production's verify step refuses it): the same
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        git.write(".slipway.yml", yml.replace("    config: { GREETING: \"hello from prod\" }\n",
                "    config: { GREETING: \"hello from prod\" }\n    verify: [ { run: \"exit 3\" } ]\n"));
        String v4 = release(git, remote, "4.0.0");
        long fourth = promotion(git.push(remote, v4 + ":env/production").ok());
        assertThat(ref(git, remote, "production")).isEqualTo(v4);
        approve(bob, fourth);
        await().atMost(LONG).until(() -> api.get("/api/v1/apps/reffed/promotions/" + fourth).get("state").asText(),
                "FAILED"::equals);
        awaitRef(git, remote, "production", v2);
        assertThat(api.fetch(api.environment("reffed", "production").get("url").asText())).contains("version 2.0.0");

        // a ref left wrong while the server was down (a crash between going live and moving it) is repaired
        server.stop();
        Path refFile = server.data().resolve("repos/reffed.git/refs/heads/env/production");
        Files.writeString(refFile, v1 + "\n");
        server.launch();
        assertThat(ref(git, remote, "production")).as("repaired before the server serves").isEqualTo(v2);
        assertThat(server.logText()).contains("repaired a ref").contains("env/production " + v1.substring(0, 12)
                + " -> " + v2.substring(0, 12));
    }

    @Test
    void anAutomaticRollbackMovesTheRefBack() throws Exception {
        createApp("watchref");
        GitClient git = exampleRepo(tmp.resolve("watchref"));
        String remote = server.pushUrl("watchref");
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml"))
                .replace("    branches: [ main ]\n", "    branches: [ main ]\n    watch: 2m\n"));
        String v1 = git.commitAll("staging is watched for 2 minutes");
        awaitRun("watchref", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        awaitServing("watchref", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        String v2 = git.commitAll("v2");
        awaitRun("watchref", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        JsonNode staging2 = awaitServing("watchref", "staging", "version 2.0.0");
        awaitRef(git, remote, "staging", v2);

        Path dir = server.data().resolve("environments/watchref/staging/deployment-" + staging2.get("deployment").asLong());
        Files.writeString(dir.resolve("unhealthy"), "yes");
        awaitServing("watchref", "staging", "version 1.0.0");
        awaitRef(git, remote, "staging", v1);
    }

    /** A new VERSION committed and pushed to main, and served by staging: its commit. */
    private static String release(GitClient git, String remote, String version) throws Exception {
        git.write("VERSION", version + "\n");
        String commit = git.commitAll("v" + version);
        awaitRun("reffed", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        awaitServing("reffed", "staging", "version " + version);
        return commit;
    }

    private static long promotion(GitClient.Result push) {
        Matcher m = PROMOTION.matcher(push.err());
        assertThat(m.find()).as("push output names a promotion:\n" + push.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void approve(String token, long promotion) {
        CliRunner.Result approved = cli.as(token).run("approve", "reffed", Long.toString(promotion));
        assertThat(approved.exit()).as(approved.err()).isZero();
    }

    /** The commit the server's env/ENV names, or "" when it has no such ref. */
    private static String ref(GitClient git, String remote, String environment) throws Exception {
        String out = git.run("ls-remote", remote, "refs/heads/env/" + environment).ok().out().trim();
        return out.isEmpty() ? "" : out.split("\\s+")[0];
    }

    private static void awaitRef(GitClient git, String remote, String environment, String commit) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(100))
                .until(() -> ref(git, remote, environment), commit::equals);
    }
}
