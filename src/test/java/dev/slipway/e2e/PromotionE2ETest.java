package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One artifact from staging to production through its gates, with the real server, git and CLI: an approval by
 * someone other than the pusher, the same digest and no build; what failed staging never gets further; rollback.
 */
class PromotionE2ETest extends OneServerE2E {
    private static final Pattern PROMOTION = Pattern.compile("Promotion #(\\d+)");
    private static final String SERVICE = "command: \"java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello\"";


    private static long promotionId(CliRunner.Result result) {
        Matcher m = PROMOTION.matcher(result.out());
        assertThat(m.find()).as("output names a promotion:\n" + result.out() + result.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static JsonNode awaitPromotion(long id, String state) {
        return await().atMost(LONG).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/apps/hello/promotions/" + id), p -> p.get("state").asText().equals(state));
    }

    @Test
    void anApprovedArtifactGoesFromStagingToProductionUnbuiltAndWhatFailedStagingNeverDoes() throws Exception {
        createApp("hello");
        String alice = tokenFor("alice", "releaser", "hello");
        String bob = tokenFor("bob", "releaser", "hello");
        GitClient git = exampleRepo(tmp.resolve("hello"));
        String pushUrl = server.pushUrl("hello", "alice", alice);
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));

        JsonNode run = awaitRun("hello", pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode staging = awaitServing("hello", "staging", "hello from staging, version 1.0.0");

        CliRunner.Result promote = cli.run("promote", "hello", "--to", "production", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        long id = promotionId(promote);
        assertThat(promote.out()).contains("to production: PENDING").contains("from       passed")
                .contains("approvals  waiting  production requires 1 approval by a releaser other than alice (who pushed "
                        + "the commit) (has 0): run `slipway approve hello " + id + "`");

        CliRunner.Result byAuthor = cli.as(alice).run("approve", "hello", Long.toString(id));
        assertThat(byAuthor.exit()).isEqualTo(1);
        assertThat(byAuthor.err()).contains("alice pushed commit " + git.head().substring(0, 7)).contains("not_author");
        assertThat(cli.run("promotion", "show", "hello", Long.toString(id)).out()).contains("PENDING").contains("waiting");

        CliRunner.Result byBob = cli.as(bob).run("approve", "hello", Long.toString(id));
        assertThat(byBob.exit()).as(byBob.err()).isZero();
        JsonNode production = awaitServing("hello", "production", "hello from prod from production, version 1.0.0");
        assertThat(production.get("digest").asText()).isEqualTo(staging.get("digest").asText());
        assertThat(production.get("commit").asText()).isEqualTo(staging.get("commit").asText());
        JsonNode done = awaitPromotion(id, "SUCCEEDED");
        assertThat(done.get("approvals").get(0).get("user").asText()).isEqualTo("bob");
        assertThat(api.get("/api/v1/apps/hello/runs").get("runs")).as("no build ran for the promotion").hasSize(1);
        JsonNode promoted = api.get("/api/v1/apps/hello/environments/production/deployments").get("deployments").get(0);
        assertThat(promoted.get("trigger").asText()).isEqualTo("PROMOTION");
        // who asked for it and who let it through, not only who pushed (#13 item 14)
        assertThat(promoted.get("promotion").asLong()).isEqualTo(id);
        assertThat(promoted.get("requested_by").asText()).isEqualTo("admin");
        assertThat(promoted.get("approved_by")).extracting(JsonNode::asText).containsExactly("bob");
        assertThat(cli.run("history", "hello", "production").out().lines().skip(1).findFirst().orElseThrow())
                .contains("promotion").contains("admin").contains("bob");

        // a commit whose tests fail has no artifact: refused by the CLI and the API alike
        git.write(".slipway.yml", yml.replace("java -cp dist Hello --self-test", "echo the tests found a bug; exit 3"));
        git.write("VERSION", "2.0.0\n");
        String failedCommit = git.commitAll("broken tests");
        assertThat(awaitRun("hello", pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok())).get("state").asText())
                .isEqualTo("FAILED");
        refusedEverywhere(failedCommit, "has no artifact");

        // a commit that builds but whose service crashes in staging never went live there: refused too
        git.write(".slipway.yml", yml.replace(SERVICE, "command: \"echo config missing; exit 4\""));
        git.write("VERSION", "3.0.0\n");
        String crashingCommit = git.commitAll("crashes at start");
        assertThat(awaitRun("hello", pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok())).get("state").asText())
                .isEqualTo("SUCCEEDED");
        await().atMost(LONG).until(() -> api.get("/api/v1/apps/hello/environments/staging/deployments").get("deployments")
                .get(0).get("state").asText().equals("FAILED"));
        refusedEverywhere(crashingCommit, "never succeeded in staging");
        assertThat(api.environment("hello", "production").get("digest").asText()).isEqualTo(staging.get("digest").asText());

        // a good version 4 goes to staging; rollback puts version 1's digest back, unbuilt
        git.write(".slipway.yml", yml);
        git.write("VERSION", "4.0.0\n");
        git.commitAll("version 4");
        awaitRun("hello", pushedRun(git.push(pushUrl, "HEAD:refs/heads/main").ok()));
        JsonNode v4 = awaitServing("hello", "staging", "version 4.0.0");
        assertThat(v4.get("digest").asText()).isNotEqualTo(staging.get("digest").asText());
        int runs = api.get("/api/v1/apps/hello/runs").get("runs").size();

        CliRunner.Result rollback = cli.as(alice).run("rollback", "hello", "staging");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("Rolling back staging of hello to " + staging.get("digest").asText());
        JsonNode back = awaitServing("hello", "staging", "hello from staging, version 1.0.0");
        assertThat(back.get("digest").asText()).isEqualTo(staging.get("digest").asText());
        assertThat(api.get("/api/v1/apps/hello/runs").get("runs")).hasSize(runs);

        CliRunner.Result history = cli.run("history", "hello", "staging");
        assertThat(history.exit()).isZero();
        assertThat(history.out().lines().skip(1).findFirst().orElseThrow()).contains("rollback").contains("alice")
                .contains("LIVE");
        assertThat(history.out()).contains("FAILED: ").contains("push");

        CliRunner.Result audit = cli.run("audit", "--app", "hello", "--json", "--limit", "500");
        List<String> actions = new ArrayList<>();
        new ObjectMapper().readTree(audit.out()).get("entries").forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("promotion.requested", "promotion.approved", "promotion.admitted",
                "promotion.deploying", "promotion.finished", "rollback.requested");
        assertThat(cli.run("audit", "verify").exit()).isZero();
    }

    /**
     * not_author's walk-around, with the real git client: a releaser pushes a commit on a branch, a developer pushes
     * the same commit to main (its artifact is reused and goes to staging), and the releaser promotes it and tries to
     * approve it. The releaser pushed that commit, so the approval is refused, naming their run.
     */
    @Test
    void aReleaserCannotApproveTheirOwnCommitThatAnotherPushedToMain() throws Exception {
        createApp("relay");
        String rita = tokenFor("rita", "releaser", "relay");
        String dora = tokenFor("dora", "developer", "relay");
        GitClient git = exampleRepo(tmp.resolve("relay"));
        long onBranch = pushedRun(git.push(server.pushUrl("relay", "rita", rita), "HEAD:refs/heads/feature/quiet").ok());
        assertThat(awaitRun("relay", onBranch).get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode onMain = awaitRun("relay", pushedRun(git.push(server.pushUrl("relay", "dora", dora),
                "HEAD:refs/heads/main").ok()));
        assertThat(onMain.get("pushed_by").asText()).isEqualTo("dora");
        assertThat(onMain.get("reused_from").asLong()).as("the artifact is reused, not built").isEqualTo(onBranch);
        awaitServing("relay", "staging", "version 1.0.0");

        CliRunner.Result promote = cli.as(rita).run("promote", "relay", "--to", "production", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        long id = promotionId(promote);

        CliRunner.Result byRita = cli.as(rita).run("approve", "relay", Long.toString(id));
        assertThat(byRita.exit()).as(byRita.out()).isEqualTo(1);
        assertThat(byRita.err()).contains("rita pushed commit " + git.head().substring(0, 7) + " (run #" + onBranch
                + " on feature/quiet)").contains("not_author");
        assertThat(promote.out()).contains("other than rita, dora (who pushed the commit)");
        JsonNode promotion = api.get("/api/v1/apps/relay/promotions/" + id);
        assertThat(promotion.get("state").asText()).isEqualTo("PENDING");
        assertThat(promotion.get("approvals")).isEmpty();
    }

    @Test
    void aSoakHoldsThePromotionAcrossARestart() throws Exception {
        createApp("soaky");
        GitClient git = exampleRepo(tmp.resolve("soaky"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace("  - name: production",
                "  - name: qa\n    from: staging\n    soak: 6s\n  - name: production"));
        git.commitAll("qa soaks for 6s after staging");
        awaitRun("soaky", pushedRun(git.push(server.pushUrl("soaky"), "HEAD:refs/heads/main").ok()));
        JsonNode staging = awaitServing("soaky", "staging", "version 1.0.0");
        java.time.Instant wentLive = java.time.Instant.parse(staging.get("deployed_at").asText());

        CliRunner.Result promote = cli.run("promote", "soaky", "--to", "qa", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("PENDING").containsPattern("soak +waiting +staging has run");
        long id = promotionId(promote);

        server.restart(); // the soak timer dies with the process; the new one re-arms it from the records
        JsonNode qa = awaitServing("soaky", "qa", "hello from qa, version 1.0.0");
        assertThat(qa.get("digest").asText()).isEqualTo(staging.get("digest").asText());
        JsonNode deployment = api.get("/api/v1/apps/soaky/environments/qa/deployments").get("deployments").get(0);
        assertThat(java.time.Instant.parse(deployment.get("created_at").asText())).isAfterOrEqualTo(wentLive.plusSeconds(6));
        assertThat(api.get("/api/v1/apps/soaky/promotions/" + id).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    /** The CLI and the API both refuse to promote the commit to production, saying why; nothing is recorded. */
    private static void refusedEverywhere(String commit, String why) throws Exception {
        int before = api.get("/api/v1/apps/hello/promotions").get("promotions").size();
        CliRunner.Result viaCli = cli.run("promote", "hello", "--to", "production", "--commit", commit.substring(0, 7));
        assertThat(viaCli.exit()).isEqualTo(1);
        assertThat(viaCli.err()).startsWith("error: ").contains(why);
        HttpResponse<String> viaApi = api.raw("POST", "/api/v1/apps/hello/promotions",
                "{\"environment\":\"production\",\"commit\":\"" + commit + "\"}");
        assertThat(viaApi.statusCode()).isEqualTo(409);
        assertThat(new ObjectMapper().readTree(viaApi.body()).get("message").asText()).contains(why);
        assertThat(api.get("/api/v1/apps/hello/promotions").get("promotions")).hasSize(before);
    }
}
