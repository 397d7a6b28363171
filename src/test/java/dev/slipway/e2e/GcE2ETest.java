package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `slipway gc` against a real server keeping one run per branch and nothing for its age: an old artifact no
 * environment ever ran is deleted (its record says collected), while one that went live in staging and has since
 * been replaced — and the newest of each branch — stay; `--dry-run` deletes nothing; only an admin may collect. And
 * a server collects by itself, as often as --gc-every says.
 */
class GcE2ETest extends E2E {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void startKeepingLittle() throws Exception {
        server = ServerProcess.start(tmp.resolve("data"), List.of(),
                List.of("--keep-per-branch", "1", "--keep-age", "0s", "--gc-every", "off"));
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
    }

    @Test
    void anOldArtifactNothingRanIsCollectedAndOneThatWasLiveIsKept() throws Exception {
        createApp("kept");
        GitClient git = GitClient.init(tmp.resolve("kept"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      page:
                        steps: [ "mkdir -p www && cp VERSION www/index.html" ]
                        artifact: [ "www/" ]
                service:
                  command: "busybox httpd -f -p 127.0.0.1:$PORT -h www"
                  health: /index.html
                environments:
                  - name: staging
                    branches: [ main ]
                    watch: 0s
                """);
        String wasLive = version(git, "main", "1.0.0");
        awaitServing("kept", "staging", "1.0.0");
        String live = version(git, "main", "2.0.0");
        awaitServing("kept", "staging", "2.0.0");
        git.run("checkout", "-q", "-b", "side").ok();
        String neverRan = version(git, "side", "3.0.0");
        String newestOfSide = version(git, "side", "4.0.0");

        CliRunner.Result dry = cli.run("gc", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Would delete 1 blobs").contains("Dry run: nothing was deleted").contains("kept");
        assertThat(stored(neverRan)).isTrue();

        CliRunner.Result developer = new CliRunner(server.url(), tokenFor("dora", "developer", "kept")).run("gc");
        assertThat(developer.exit()).isNotZero();
        assertThat(developer.err()).containsIgnoringCase("admin");
        assertThat(stored(neverRan)).isTrue();

        CliRunner.Result gc = cli.run("gc");
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(gc.out()).contains("Deleted 1 blobs").contains("1 artifacts were collected");
        assertThat(stored(neverRan)).isFalse();
        assertThat(List.of(wasLive, live, newestOfSide)).allMatch(GcE2ETest::stored);
        assertThat(api.fetch(api.environment("kept", "staging").get("url").asText())).contains("2.0.0");

        JsonNode again = new ObjectMapper().readTree(cli.run("gc", "--json").out());
        assertThat(again.get("deleted").get("blobs").asInt()).isZero();
        assertThat(again.get("dry_run").asBoolean()).isFalse();
        assertThat(cli.run("audit", "--limit", "20").out()).contains("store.collected");
    }

    @Test
    void aServerCollectsByItselfEveryGcEveryAndAuditsIt() throws Exception {
        try (ServerProcess often = ServerProcess.start(tmp.resolve("often"), List.of(), List.of("--gc-every", "1s"))) {
            CliRunner admin = new CliRunner(often.url());
            await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> admin.run("audit", "--limit", "20")
                    .out().lines().anyMatch(line -> line.contains("store.collected") && line.contains("slipway")));
        }
    }

    /** Commits VERSION on the branch and pushes it; the artifact digest of the run that follows. */
    private static String version(GitClient git, String branch, String version) throws Exception {
        git.write("VERSION", version + "\n");
        git.commitAll("version " + version);
        JsonNode run = awaitRun("kept", pushedRun(git.push(server.pushUrl("kept"), "HEAD:refs/heads/" + branch).ok()));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run.get("artifact").asText();
    }

    private static boolean stored(String digest) {
        String hex = digest.substring("sha256:".length());
        return Files.isRegularFile(server.data().resolve("artifacts").resolve("sha256").resolve(hex.substring(0, 2))
                .resolve(hex + ".tar"));
    }
}
