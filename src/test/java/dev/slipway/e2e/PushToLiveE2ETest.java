package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** git push → run → one artifact → running in the environment the branch maps to. */
class PushToLiveE2ETest extends OneServerE2E {
    @Test
    void mainGoesToStagingAndABranchToItsOwnEnvironment() throws Exception {
        createApp("hello");
        GitClient git = exampleRepo(tmp.resolve("hello"));
        GitClient.Result push = git.push(server.pushUrl("hello"), "HEAD:refs/heads/main").ok();
        assertThat(push.err()).contains("remote: slipway: run #1 queued for main");
        JsonNode run = awaitRun("hello", pushedRun(push));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("artifact").asText()).startsWith("sha256:");

        JsonNode staging = awaitServing("hello", "staging", "hello from staging, version 1.0.0");
        assertThat(staging.get("digest").asText()).isEqualTo(run.get("artifact").asText());
        assertThat(staging.get("commit").asText()).isEqualTo(git.head());

        git.run("checkout", "-q", "-b", "feature/X").ok();
        git.write("VERSION", "1.1.0\n");
        git.commitAll("feature work");
        JsonNode branchRun = awaitRun("hello", pushedRun(git.push(server.pushUrl("hello"), "HEAD:refs/heads/feature/X").ok()));
        assertThat(branchRun.get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode dev = awaitServing("hello", "dev-feature-x", "hello from dev-feature-x, version 1.1.0");
        assertThat(dev.get("digest").asText()).isEqualTo(branchRun.get("artifact").asText()).isNotEqualTo(staging.get("digest").asText());

        JsonNode stagingAfter = api.environment("hello", "staging");
        assertThat(stagingAfter.get("digest").asText()).isEqualTo(staging.get("digest").asText());
        assertThat(api.fetch(stagingAfter.get("url").asText())).contains("version 1.0.0");

        CliRunner.Result status = cli.run("status", "hello", "--json");
        assertThat(status.exit()).isZero();
        JsonNode json = new ObjectMapper().readTree(status.out());
        assertThat(json.get("app").asText()).isEqualTo("hello");
        List<String> names = new ArrayList<>();
        json.get("environments").forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).contains("staging", "dev-feature-x");
        CliRunner.Result table = cli.run("status", "hello");
        assertThat(table.out()).contains("staging", "dev-feature-x", "LIVE");
    }

    @Test
    void aFailingTestStageNeverDeploysAndLeavesStagingAlone() throws Exception {
        createApp("failing");
        GitClient git = exampleRepo(tmp.resolve("failing"));
        awaitRun("failing", pushedRun(git.push(server.pushUrl("failing"), "HEAD:refs/heads/main").ok()));
        JsonNode before = awaitServing("failing", "staging", "version 1.0.0");

        String yml = Files.readString(git.dir().resolve(".slipway.yml"))
                .replace("java -cp dist Hello --self-test", "echo the tests found a bug; exit 3");
        git.write(".slipway.yml", yml);
        git.write("VERSION", "2.0.0\n");
        git.commitAll("broken tests");
        JsonNode run = awaitRun("failing", pushedRun(git.push(server.pushUrl("failing"), "HEAD:refs/heads/main").ok()));

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).contains("test/unit").contains("exited with code 3");
        JsonNode unit = run.get("stages").get(1).get("jobs").get(0);
        assertThat(unit.get("state").asText()).isEqualTo("FAILED");
        assertThat(unit.get("exit_code").asInt()).isEqualTo(3);
        JsonNode history = api.get("/api/v1/apps/failing/environments/staging/deployments");
        assertThat(history.get("deployments")).hasSize(1);
        JsonNode after = api.environment("failing", "staging");
        assertThat(after.get("digest").asText()).isEqualTo(before.get("digest").asText());
        assertThat(api.fetch(after.get("url").asText())).contains("version 1.0.0");
        assertThat(cli.run("logs", "failing", Long.toString(run.get("number").asLong())).out())
                .contains("[test/unit] the tests found a bug");
    }

    @Test
    void aBrokenPipelineFileIsReportedWithItsPositionAndNothingRuns() throws Exception {
        createApp("broken");
        GitClient git = exampleRepo(tmp.resolve("broken"));
        String yml = Files.readString(git.dir().resolve(".slipway.yml")).replace("        artifact:", "        artefact:");
        git.write(".slipway.yml", yml);
        git.commitAll("typo");
        GitClient.Result push = git.push(server.pushUrl("broken"), "HEAD:refs/heads/main").ok();
        String line = lineOf(yml, "artefact:");
        assertThat(push.err()).contains("remote: slipway: .slipway.yml:" + line + ":9:").contains("artefact");

        JsonNode run = api.run("broken", pushedRun(push));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).startsWith(".slipway.yml:" + line + ":9:");
        assertThat(run.get("stages")).isEmpty();
        CliRunner.Result runs = cli.run("runs", "broken");
        assertThat(runs.out()).contains("FAILED").contains(".slipway.yml:" + line + ":9:");
        assertThat(api.get("/api/v1/apps/broken/status").get("environments")).isEmpty();
    }

    @Test
    void theSameTreeAndPipelineFileIsBuiltOnce() throws Exception {
        createApp("once");
        GitClient git = exampleRepo(tmp.resolve("once"));
        JsonNode first = awaitRun("once", pushedRun(git.push(server.pushUrl("once"), "HEAD:refs/heads/tested").ok()));
        assertThat(first.get("state").asText()).isEqualTo("SUCCEEDED");

        GitClient.Result push = git.push(server.pushUrl("once"), "HEAD:refs/heads/main").ok();
        assertThat(push.err()).contains("reusing artifact " + first.get("artifact").asText());
        JsonNode second = awaitRun("once", pushedRun(push));
        assertThat(second.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.get("artifact").asText()).isEqualTo(first.get("artifact").asText());
        assertThat(second.get("reused_from").asLong()).isEqualTo(first.get("number").asLong());
        second.get("stages").forEach(stage -> stage.get("jobs").forEach(job ->
                assertThat(job.get("state").asText()).isEqualTo("SKIPPED")));
        assertThat(cli.run("logs", "once", Long.toString(second.get("number").asLong())).out()).doesNotContain("$ ");
        JsonNode staging = awaitServing("once", "staging", "version 1.0.0");
        assertThat(staging.get("digest").asText()).isEqualTo(first.get("artifact").asText());
    }

    @Test
    void aServiceThatNeverGetsHealthyLeavesThePreviousVersionServing() throws Exception {
        createApp("unhealthy");
        GitClient git = exampleRepo(tmp.resolve("unhealthy"));
        awaitRun("unhealthy", pushedRun(git.push(server.pushUrl("unhealthy"), "HEAD:refs/heads/main").ok()));
        JsonNode before = awaitServing("unhealthy", "staging", "version 1.0.0");
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));

        git.write(".slipway.yml", yml.replace("command: \"java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello\"",
                "command: \"echo config missing; exit 4\""));
        git.write("VERSION", "2.0.0\n");
        git.commitAll("crashes at start");
        JsonNode crashed = awaitRun("unhealthy", pushedRun(git.push(server.pushUrl("unhealthy"), "HEAD:refs/heads/main").ok()));
        assertThat(crashed.get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode failed = awaitDeployment("unhealthy", "staging", "FAILED", 2);
        assertThat(failed.get("reason").asText()).contains("exited with code 4").contains("config missing");

        git.write(".slipway.yml", yml.replace("command: \"java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello\"",
                "command: \"sleep 300\"\n  start_timeout: 1s"));
        git.write("VERSION", "3.0.0\n");
        git.commitAll("never answers");
        awaitRun("unhealthy", pushedRun(git.push(server.pushUrl("unhealthy"), "HEAD:refs/heads/main").ok()));
        JsonNode timedOut = awaitDeployment("unhealthy", "staging", "FAILED", 3);
        assertThat(timedOut.get("reason").asText()).contains("did not answer GET /healthz with 2xx within 1s")
                .contains("previous version keeps running");

        JsonNode after = api.environment("unhealthy", "staging");
        assertThat(after.get("state").asText()).isEqualTo("LIVE");
        assertThat(after.get("digest").asText()).isEqualTo(before.get("digest").asText());
        assertThat(api.fetch(after.get("url").asText())).contains("version 1.0.0");
        assertThat(after.get("last_deployment").get("state").asText()).isEqualTo("FAILED");
    }

    /** The newest deployment of the environment, once it is deployment {@code id} and has reached the given state. */
    private static JsonNode awaitDeployment(String app, String env, String state, long id) {
        return org.awaitility.Awaitility.await().atMost(LONG).until(
                () -> api.get("/api/v1/apps/" + app + "/environments/" + env + "/deployments").get("deployments").get(0),
                d -> d.get("state").asText().equals(state) && d.get("id").asLong() == id);
    }

    @Test
    void twoBranchesPushedAtOnceOnTheSameCommitBuildItOnce() throws Exception {
        createApp("twins");
        GitClient git = exampleRepo(tmp.resolve("twins"));
        GitClient.Result push = git.run("push", server.pushUrl("twins"), "HEAD:refs/heads/one", "HEAD:refs/heads/two").ok();
        assertThat(push.err()).contains("waits for the run building the same tree");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run #(\\d+)").matcher(push.err());
        java.util.List<Long> numbers = new java.util.ArrayList<>();
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            if (!numbers.contains(n)) {
                numbers.add(n);
            }
        }
        assertThat(numbers).hasSize(2);
        JsonNode first = awaitRun("twins", numbers.get(0));
        JsonNode second = awaitRun("twins", numbers.get(1));
        assertThat(first.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.get("artifact").asText()).isEqualTo(first.get("artifact").asText());
        assertThat(second.get("reused_from").asLong()).isEqualTo(first.get("number").asLong());
        second.get("stages").forEach(stage -> stage.get("jobs").forEach(job ->
                assertThat(job.get("state").asText()).isEqualTo("SKIPPED")));
    }

    @Test
    void aSecondBranchWithTheSameSlugDoesNotTakeOverTheFirstOnesEnvironment() throws Exception {
        createApp("slugs");
        GitClient git = exampleRepo(tmp.resolve("slugs"));
        git.run("checkout", "-q", "-b", "feature/x").ok();
        git.write("VERSION", "1.1.0\n");
        git.commitAll("x");
        awaitRun("slugs", pushedRun(git.push(server.pushUrl("slugs"), "HEAD:refs/heads/feature/x").ok()));
        JsonNode first = awaitServing("slugs", "dev-feature-x", "version 1.1.0");
        git.run("checkout", "-q", "-b", "feature-x").ok();
        git.write("VERSION", "6.6.6\n");
        git.commitAll("other branch, same slug");
        JsonNode run = awaitRun("slugs", pushedRun(git.push(server.pushUrl("slugs"), "HEAD:refs/heads/feature-x").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500)).atMost(java.time.Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/apps/slugs/environments/dev-feature-x/deployments").get("deployments").size() == 1);
        assertThat(api.fetch(first.get("url").asText())).contains("version 1.1.0");
    }

    static String lineOf(String text, String needle) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return Integer.toString(i + 1);
            }
        }
        throw new AssertionError(needle + " not in text");
    }
}
