package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * Reproducibility: `slipway rebuild` builds a pushed commit again from nothing and compares digests, naming the tar
 * entries that differ; an environment that requires reproducible artifacts waits for that check and lets only SAME in.
 */
class ReproducibleE2ETest extends OneServerE2E {
    private static final Pattern PROMOTION = Pattern.compile("Promotion #(\\d+)");
    /** A job that writes the time into the artifact: the classic unreproducible build. */
    private static final String STAMPED = """
            stages:
              - name: build
                jobs:
                  pack:
                    cache: [ ~/.stamp-cache ]
                    steps:
                      - mkdir -p dist ~/.stamp-cache && echo fixed > dist/app.txt && date +%s%N > dist/BUILD_ID
                      - ls ~/.stamp-cache > dist/cached.txt && touch ~/.stamp-cache/was-here
                    artifact: [ "dist/" ]
            """;

    @Test
    void aReproducibleBuildRebuildsToTheSameDigestAndIsShownOnTheRun() throws Exception {
        createApp("repro");
        GitClient git = exampleRepo(tmp.resolve("repro"));
        JsonNode run = awaitRun("repro", pushedRun(git.push(server.pushUrl("repro"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        String commit = run.get("commit").asText();

        CliRunner.Result rebuild = cli.run("rebuild", "repro", commit.substring(0, 7));
        assertThat(rebuild.exit()).as(rebuild.out() + rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("SAME", run.get("artifact").asText());

        JsonNode listed = api.get("/api/v1/apps/repro/rebuilds?commit=" + commit.substring(0, 7)).get("rebuilds");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("outcome").asText()).isEqualTo("SAME");
        assertThat(listed.get(0).get("rebuilt").asText()).isEqualTo(run.get("artifact").asText());
        assertThat(listed.get(0).get("finished_at").isNull()).isFalse();
        JsonNode shown = api.run("repro", run.get("number").asLong()).get("rebuilds");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).get("outcome").asText()).isEqualTo("SAME");
        assertThat(runs("repro")).as("a rebuild is no run").hasSize(1);
        List<String> actions = auditActions("repro");
        assertThat(actions).contains("rebuild.started", "rebuild.finished");
        assertThat(count(actions, "artifact.")).as("no artifact recorded by the rebuild").isEqualTo(1);
        assertThat(count(actions, "rebuild.")).isEqualTo(2);
    }

    @Test
    void aTimestampInTheArtifactIsNamedAndNoCacheIsCopiedIn() throws Exception {
        createApp("stamped");
        GitClient git = GitClient.init(tmp.resolve("stamped"));
        git.write(".slipway.yml", STAMPED);
        git.commitAll("stamps the build");
        JsonNode run = awaitRun("stamped", pushedRun(git.push(server.pushUrl("stamped"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        String commit = run.get("commit").asText();
        long storedBefore = storedArtifacts();

        CliRunner.Result rebuild = cli.run("rebuild", "stamped", commit);
        assertThat(rebuild.exit()).as(rebuild.out() + rebuild.err()).isEqualTo(2);
        // a cache copied in would show as dist/cached.txt differing: the first run's cache was empty, so is the rebuild's
        assertThat(rebuild.out()).contains("DIFFERENT", "dist/BUILD_ID: content differs")
                .doesNotContain("dist/app.txt", "dist/cached.txt");
        JsonNode recorded = api.get("/api/v1/apps/stamped/rebuilds").get("rebuilds").get(0);
        assertThat(recorded.get("outcome").asText()).isEqualTo("DIFFERENT");
        assertThat(recorded.get("differences")).extracting(JsonNode::asText)
                .containsExactly("dist/BUILD_ID: content differs");
        CliRunner.Result listed = cli.run("rebuilds", "stamped", "--commit", commit.substring(0, 7));
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("DIFFERENT", "dist/BUILD_ID: content differs", commit.substring(0, 7));
        assertThat(cli.run("rebuilds", "stamped", "--commit", "f".repeat(40)).out())
                .startsWith("No reproducibility checks of stamped @ ffffff");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/ui/apps/stamped/runs/" + run.get("number").asLong()))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Reproducibility", "DIFFERENT", "dist/BUILD_ID: content differs");
        assertThat(storedArtifacts()).as("the rebuilt output is not kept").isEqualTo(storedBefore);
        try (var scratch = Files.walk(server.data().resolve("rebuilds/scratch"))) {
            assertThat(scratch.filter(Files::isRegularFile)).as("nor left in the scratch store").isEmpty();
        }
    }

    @Test
    void anImageIsComparedByTheLayerSlipwayBuilt() throws Exception {
        createApp("imaged");
        GitClient git = GitClient.init(tmp.resolve("imaged"));
        String pipeline = """
                stages:
                  - name: build
                    jobs:
                      pack:
                        steps: [ "mkdir -p dist && echo fixed > dist/app.txt STAMP" ]
                        image:
                          base: scratch
                          files: [ { from: "dist/", to: "/app" } ]
                          cmd: [ "/app/app.txt" ]
                """;
        git.write(".slipway.yml", pipeline.replace("STAMP", ""));
        git.commitAll("a plain image");
        JsonNode same = awaitRun("imaged", pushedRun(git.push(server.pushUrl("imaged"), "HEAD:refs/heads/main").ok()));
        assertThat(same.get("state").asText()).as(same.toString()).isEqualTo("SUCCEEDED");
        CliRunner.Result rebuild = cli.run("rebuild", "imaged", same.get("commit").asText());
        assertThat(rebuild.exit()).as(rebuild.out() + rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("SAME", same.get("artifact").asText());

        git.write(".slipway.yml", pipeline.replace("STAMP", "&& date +%s%N > dist/BUILD_ID"));
        git.commitAll("a stamped image");
        JsonNode stamped = awaitRun("imaged", pushedRun(git.push(server.pushUrl("imaged"), "HEAD:refs/heads/main").ok()));
        rebuild = cli.run("rebuild", "imaged", stamped.get("commit").asText());
        assertThat(rebuild.exit()).as(rebuild.out() + rebuild.err()).isEqualTo(2);
        assertThat(rebuild.out()).contains("DIFFERENT").containsPattern("app/BUILD_ID: content differs")
                .doesNotContain("app.txt");
    }

    @Test
    void anUnknownCommitOrOneWithoutArtifactIsRefusedClearly() throws Exception {
        createApp("unknown");
        CliRunner.Result rebuild = cli.run("rebuild", "unknown", "deadbee");
        assertThat(rebuild.exit()).isNotZero();
        assertThat(rebuild.err()).contains("commit deadbee of app 'unknown' has no run");
        HttpResponse<String> viaApi = api.raw("POST", "/api/v1/apps/unknown/rebuilds", "{\"commit\":\"deadbee\"}");
        assertThat(viaApi.statusCode()).isEqualTo(404);
        assertThat(api.raw("POST", "/api/v1/apps/unknown/rebuilds", "{\"commit\":\"not-hex\"}").statusCode())
                .isEqualTo(400);

        GitClient git = GitClient.init(tmp.resolve("unknown"));
        git.write(".slipway.yml", STAMPED.replace("date +%s%N > dist/BUILD_ID", "exit 3"));
        git.commitAll("fails");
        JsonNode run = awaitRun("unknown", pushedRun(git.push(server.pushUrl("unknown"), "HEAD:refs/heads/main").ok()));
        HttpResponse<String> failed = api.raw("POST", "/api/v1/apps/unknown/rebuilds",
                "{\"commit\":\"" + run.get("commit").asText() + "\"}");
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(failed.body()).contains("has no recorded artifact");
    }

    @Test
    void aRequireReproducibleEnvironmentWaitsForTheRebuildThenTakesTheSameDigest() throws Exception {
        createApp("verified");
        GitClient git = exampleRepo(tmp.resolve("verified"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace("  - name: production",
                "  - name: checked\n    from: staging\n    require: [ reproducible ]\n  - name: production"));
        git.commitAll("checked takes only reproducible artifacts");
        awaitRun("verified", pushedRun(git.push(server.pushUrl("verified"), "HEAD:refs/heads/main").ok()));
        JsonNode staging = awaitServing("verified", "staging", "version 1.0.0");

        CliRunner.Result promote = cli.run("promote", "verified", "--to", "checked", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out()).contains("PENDING").containsPattern("reproducible +waiting +rebuilding commit");
        long id = promotionId(promote);

        JsonNode checked = awaitServing("verified", "checked", "version 1.0.0");
        assertThat(checked.get("digest").asText()).isEqualTo(staging.get("digest").asText());
        JsonNode promotion = api.get("/api/v1/apps/verified/promotions/" + id);
        assertThat(promotion.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/v1/apps/verified/rebuilds").get("rebuilds")).hasSize(1);
    }

    @Test
    void aRequireReproducibleEnvironmentRefusesADifferentRebuildNamingTheEntry() throws Exception {
        createApp("unsure");
        GitClient git = exampleRepo(tmp.resolve("unsure"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml"))
                .replace("cp VERSION dist/VERSION", "cp VERSION dist/VERSION && date +%s%N > dist/BUILD_ID")
                .replace("  - name: production",
                        "  - name: checked\n    from: staging\n    require: [ reproducible ]\n  - name: production"));
        git.commitAll("a build stamp: not reproducible");
        awaitRun("unsure", pushedRun(git.push(server.pushUrl("unsure"), "HEAD:refs/heads/main").ok()));
        awaitServing("unsure", "staging", "version 1.0.0");

        CliRunner.Result promote = cli.run("promote", "unsure", "--to", "checked", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        long id = promotionId(promote);

        JsonNode refused = await().atMost(LONG).pollInterval(Duration.ofMillis(100))
                .until(() -> gate(api.get("/api/v1/apps/unsure/promotions/" + id), "reproducible"),
                        g -> g.get("detail").asText().startsWith("not reproducible"));
        assertThat(refused.get("detail").asText()).contains("dist/BUILD_ID: content differs");
        JsonNode promotion = api.get("/api/v1/apps/unsure/promotions/" + id);
        assertThat(promotion.get("state").asText()).isEqualTo("PENDING");
        JsonNode checked = api.environment("unsure", "checked");
        assertThat(checked == null ? "never deployed" : checked.get("state").asText()).isNotEqualTo("LIVE");
    }

    @Test
    void aRebuildCutOffByAKillStartsAgainAndThePromotionDoesNotWaitForever() throws Exception {
        createApp("killed");
        GitClient git = exampleRepo(tmp.resolve("killed"));
        // the rebuild (SLIPWAY_REBUILD set) waits for a file only the test leaves, so the kill surely cuts it off
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml"))
                .replace("cp VERSION dist/VERSION", "cp VERSION dist/VERSION && if [ -n \"${SLIPWAY_REBUILD:-}\" ]; then "
                        + "until [ -e go ]; do sleep 0.05; done; rm go; fi")
                .replace("  - name: production",
                        "  - name: checked\n    from: staging\n    require: [ reproducible ]\n  - name: production"));
        git.commitAll("checked takes only reproducible artifacts");
        awaitRun("killed", pushedRun(git.push(server.pushUrl("killed"), "HEAD:refs/heads/main").ok()));
        awaitServing("killed", "staging", "version 1.0.0");
        CliRunner.Result promote = cli.run("promote", "killed", "--to", "checked", "--from", "staging");
        assertThat(promote.exit()).as(promote.err()).isZero();
        Path workspace = server.data().resolve("rebuilds/work/killed/1/compile");
        await().atMost(LONG).until(() -> Files.isDirectory(workspace.resolve("src")));

        server.crash();
        server.launch();
        await().atMost(LONG).until(() -> Files.isDirectory(workspace.resolve("src")));
        Files.writeString(workspace.resolve("go"), "go");
        awaitServing("killed", "checked", "version 1.0.0");
        JsonNode rebuild = api.get("/api/v1/apps/killed/rebuilds").get("rebuilds").get(0);
        assertThat(rebuild.get("outcome").asText()).isEqualTo("SAME");
    }

    private static JsonNode gate(JsonNode promotion, String name) {
        for (JsonNode g : promotion.get("gates")) {
            if (g.get("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no gate " + name + " in " + promotion);
    }

    private static long promotionId(CliRunner.Result result) {
        Matcher m = PROMOTION.matcher(result.out());
        assertThat(m.find()).as("output names a promotion:\n" + result.out() + result.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long storedArtifacts() throws Exception {
        try (var files = Files.walk(server.data().resolve("artifacts/sha256"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static List<String> auditActions(String app) throws Exception {
        List<String> actions = new ArrayList<>();
        api.get("/api/v1/audit?app=" + app).get("entries").forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }

    private static int count(List<String> actions, String prefix) {
        return (int) actions.stream().filter(a -> a.startsWith(prefix)).count();
    }
}
