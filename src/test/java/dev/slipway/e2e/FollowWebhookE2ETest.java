package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.ForgeDeliveries;
import dev.slipway.testing.GitHttpUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitHub's webhooks, built and signed as GitHub documents them, for an app following a real git server whose polling
 * is set to a day: whatever happens here happens because of a delivery (or does not, for a refused one).
 */
class FollowWebhookE2ETest extends OneServerE2E {
    private static final String TOKEN = "upstream-token-5678";
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String ZERO = "0".repeat(40);
    private static GitHttpUpstream upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = GitHttpUpstream.start(tmp.resolve("forge"), TOKEN);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    /** An app following a new upstream repository whose main holds the example app, built once. */
    private static ForgeDeliveries follow(String app, GitClient git) throws Exception {
        String url = upstream.create(app);
        git.push(upstream.pushUrl(app), "HEAD:refs/heads/main").ok();
        Path token = Files.writeString(tmp.resolve(app + "-token"), TOKEN);
        Path secret = Files.writeString(tmp.resolve(app + "-secret"), SECRET);
        CliRunner.Result created = cli.run("app", "create", app, "--from", url, "--forge", "github", "--token-file",
                token.toString(), "--webhook-secret-file", secret.toString(), "--poll-interval", "24h",
                "--no-report-statuses");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains(server.url() + "/hooks/github");
        awaitRun(app, firstRun(app, "main"));
        return new ForgeDeliveries(server.url(), url);
    }

    @Test
    void aSignedPushDeliveryStartsTheRunAsTheLinkedUserAndAReplayStartsNothing() throws Exception {
        GitClient git = exampleRepo(tmp.resolve("hooked-work"));
        ForgeDeliveries forge = follow("hooked", git);
        tokenFor("alice", "developer", "hooked");
        link("alice", "alice-gh");
        String before = git.head();
        git.run("checkout", "-q", "-b", "feature/hook").ok();
        git.write("NOTES", "hooked\n");
        String after = git.commitAll("feature");
        git.push(upstream.pushUrl("hooked"), "HEAD:refs/heads/feature/hook").ok();
        byte[] body = forge.githubPush("refs/heads/feature/hook", ZERO, after, "alice-gh");

        ForgeDeliveries.Answer answer = forge.sendGithub("push", body, SECRET);
        ForgeDeliveries.Answer replay = forge.sendGithub("push", answer.deliveryId(), body,
                "sha256=" + ForgeDeliveries.hmac(SECRET, body));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode run = awaitRun("hooked", firstRun("hooked", "feature/hook"));
        assertThat(run.get("commit").asText()).isEqualTo(after);
        assertThat(run.get("pushed_by").asText()).as("the linked user, believed since the fetch shows the commit")
                .isEqualTo("alice");
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        await().atMost(LONG).until(() -> detail("hooked", answer.deliveryId()).contains("run #"));
        assertThat(deliveries("hooked")).filteredOn(d -> d.get("delivery_id").asText().equals(answer.deliveryId()))
                .hasSize(1);
        assertThat(runs("hooked")).filteredOn(r -> r.get("branch").asText().equals("feature/hook")).hasSize(1);
        assertThat(before).isNotEqualTo(after);

        // a delivery from an unlinked login: that login, as forge:LOGIN
        git.write("NOTES", "again\n");
        String again = git.commitAll("again");
        git.push(upstream.pushUrl("hooked"), "HEAD:refs/heads/feature/hook").ok();
        assertThat(forge.sendGithub("push", forge.githubPush("refs/heads/feature/hook", after, again, "mallory-gh"),
                SECRET).status()).isEqualTo(202);
        JsonNode second = awaitRun("hooked", await().atMost(LONG).until(() -> runs("hooked").stream()
                .filter(r -> r.get("commit").asText().equals(again)).findFirst(), r -> r.isPresent()).get()
                .get("number").asLong());
        assertThat(second.get("pushed_by").asText()).isEqualTo("github:mallory-gh");

        // deleted upstream, told by GitHub's delete event: the branch's environment is torn down
        awaitServing("hooked", "dev-feature-hook", "hello from dev-feature-hook");
        git.push(upstream.pushUrl("hooked"), ":refs/heads/feature/hook").ok();
        assertThat(forge.sendGithub("delete", forge.githubDelete("feature/hook", "branch", "alice-gh"), SECRET)
                .status()).isEqualTo(202);
        await().atMost(LONG).until(() -> api.environment("hooked", "dev-feature-hook") == null);
    }

    @Test
    void aForgedDeliveryIsRefusedListedAndChangesNothing() throws Exception {
        GitClient git = exampleRepo(tmp.resolve("forged-work"));
        ForgeDeliveries forge = follow("forged", git);
        git.run("checkout", "-q", "-b", "forged").ok();
        String after = git.commitAll("forged");
        git.push(upstream.pushUrl("forged"), "HEAD:refs/heads/forged").ok();
        byte[] body = forge.githubPush("refs/heads/forged", ZERO, after, "mallory");

        ForgeDeliveries.Answer wrong = forge.sendGithub("push", "forged-1", body,
                "sha256=" + ForgeDeliveries.hmac("not the secret", body));
        ForgeDeliveries.Answer missing = forge.sendGithub("push", "forged-2", body, null);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(deliveries("forged")).filteredOn(d -> d.get("delivery_id").asText().startsWith("forged-"))
                .hasSize(2).allMatch(d -> d.get("outcome").asText().equalsIgnoreCase("refused"));
        assertThat(runs("forged")).noneMatch(r -> r.get("branch").asText().equals("forged"));
        assertThat(api.get("/api/v1/audit?app=forged").toString()).doesNotContain("refs/heads/forged");
    }

    @Test
    void aTagPushedUpstreamByALinkedReleaserAsksForProductionAndWaitsForAnApproval() throws Exception {
        GitClient git = exampleRepo(tmp.resolve("tagged-work"));
        ForgeDeliveries forge = follow("tagged", git);
        awaitServing("tagged", "staging", "hello from staging");
        tokenFor("rel", "releaser", "tagged");
        link("rel", "rel-gh");
        String commit = git.head();
        git.run("tag", "v1.0.0").ok();
        git.push(upstream.pushUrl("tagged"), "refs/tags/v1.0.0").ok();

        ForgeDeliveries.Answer answer = forge.sendGithub("push",
                forge.githubPush("refs/tags/v1.0.0", ZERO, commit, "rel-gh"), SECRET);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode promotion = await().atMost(LONG).until(() -> api.get("/api/v1/apps/tagged/promotions")
                .get("promotions"), p -> p.size() > 0).get(0);
        assertThat(promotion.get("environment").asText()).isEqualTo("production");
        assertThat(promotion.get("state").asText()).isEqualTo("PENDING");
        assertThat(promotion.get("requested_by").asText()).isEqualTo("rel");
        // the promotion is recorded during the look; the delivery's line when the look ends, just after
        await().atMost(LONG).until(() -> detail("tagged", answer.deliveryId()),
                d -> d.contains("production requires 1 approval"));
    }

    @Test
    void aDeliveryThatArrivesBeforeTheForgeServesTheCommitIsTakenOnceItDoes() throws Exception {
        GitClient git = exampleRepo(tmp.resolve("early-work"));
        ForgeDeliveries forge = follow("early", git);
        git.run("checkout", "-q", "-b", "early").ok();
        String after = git.commitAll("early");
        upstream.hold();
        try {
            git.push(upstream.repository("early").toString(), "HEAD:refs/heads/early").ok(); // on disk, not served
            ForgeDeliveries.Answer answer = forge.sendGithub("push", forge.githubPush("refs/heads/early", ZERO, after,
                    "alice-gh"), SECRET);
            assertThat(answer.status()).isEqualTo(202);
            // the forge's outage outlasts the first look and one retry at least
            int before = upstream.refusedWhileHeld();
            await().atMost(LONG).until(() -> upstream.refusedWhileHeld() >= before + 2);
        } finally {
            upstream.release();
        }
        JsonNode run = awaitRun("early", firstRun("early", "early"));
        assertThat(run.get("commit").asText()).isEqualTo(after);
    }

    @Test
    void aSignedDeliveryNamingACommitTheForgeDoesNotHaveBuildsOnlyWhatTheFetchShowsAndBelievesNoPusher()
            throws Exception {
        GitClient git = exampleRepo(tmp.resolve("invented-work"));
        ForgeDeliveries forge = follow("invented", git);
        linkedDeveloper("invented", "ivy", "ivy-gh");
        String real = branchCommit(git, "claimed", "what the forge really has\n");
        git.push(upstream.pushUrl("invented"), "HEAD:refs/heads/claimed").ok(); // no webhook for this push
        String invented = "1234567890abcdef1234567890abcdef12345678";

        // signed with the real secret (a leaked secret, a forge bug): still only a hint
        ForgeDeliveries.Answer answer = forge.sendGithub("push",
                forge.githubPush("refs/heads/claimed", ZERO, invented, "ivy-gh"), SECRET);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        await().atMost(LONG).until(() -> detail("invented", answer.deliveryId()),
                d -> d.contains("not served by the forge"));
        JsonNode run = awaitRun("invented", firstRun("invented", "claimed"));
        assertThat(run.get("commit").asText()).as("what the fetch shows, not what the payload named").isEqualTo(real);
        assertThat(run.get("pushed_by").asText()).as("the payload's login is not believed for a commit it did not name")
                .isEqualTo("forge:unknown");
        assertThat(runs("invented")).noneMatch(r -> r.get("commit").asText().equals(invented));
        assertThat(api.get("/api/v1/audit?app=invented").toString()).doesNotContain(invented);
    }

    @Test
    void aDeliveryAcceptedWhenTheServerWasKilledIsLookedAtAgainWhenItStartsAndItsPusherStillBelieved()
            throws Exception {
        GitClient git = exampleRepo(tmp.resolve("killed-work"));
        ForgeDeliveries forge = follow("killed", git);
        linkedDeveloper("killed", "kim", "kim-gh");
        String after = branchCommit(git, "killed", "pushed just before Slipway was killed\n");
        ForgeDeliveries.Answer answer;
        upstream.hold();
        try {
            git.push(upstream.repository("killed").toString(), "HEAD:refs/heads/killed").ok(); // on disk, not served
            answer = forge.sendGithub("push", forge.githubPush("refs/heads/killed", ZERO, after, "kim-gh"), SECRET);
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            int before = upstream.refusedWhileHeld();
            await().atMost(LONG).until(() -> upstream.refusedWhileHeld() > before); // its look is under way
            assertThat(detail("killed", answer.deliveryId())).isEqualTo("accepted: fetching");
            server.crash();
        } finally {
            upstream.release();
        }
        server.launch();

        JsonNode run = awaitRun("killed", firstRun("killed", "killed"));
        assertThat(run.get("commit").asText()).isEqualTo(after);
        assertThat(run.get("pushed_by").asText()).as("the delivery's pusher, not the start-up look's forge:unknown")
                .isEqualTo("kim");
        await().atMost(LONG).until(() -> detail("killed", answer.deliveryId()), d -> d.startsWith("fetched: run #"));
        assertThat(runs("killed")).filteredOn(r -> r.get("branch").asText().equals("killed")).hasSize(1);
    }

    private static void linkedDeveloper(String app, String user, String login) throws Exception {
        tokenFor(user, "developer", app);
        link(user, login);
    }

    /** A commit on a new branch of the work tree, not pushed anywhere yet. */
    private static String branchCommit(GitClient git, String branch, String notes) throws Exception {
        git.run("checkout", "-q", "-b", branch).ok();
        git.write("NOTES", notes);
        return git.commitAll(branch);
    }

    private static void link(String user, String login) throws Exception {
        var response = api.raw("PUT", "/api/v1/users/" + user + "/links/github", "{\"login\":\"" + login + "\"}");
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    private static List<JsonNode> deliveries(String app) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/apps/" + app + "/hooks").get("deliveries").forEach(list::add);
        return list;
    }

    private static String detail(String app, String deliveryId) throws Exception {
        return deliveries(app).stream().filter(d -> d.get("delivery_id").asText().equals(deliveryId))
                .map(d -> d.path("outcome").asText() + ": " + d.path("detail").asText()).findFirst().orElse("");
    }
}
