package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineTexts;
import dev.slipway.pipeline.Run;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import dev.slipway.store.SqlRunRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch window is the deployed run's file's {@code watch} for the environment's spec, not the newest file's. */
class WatchWindowsTest {
    static final String APP = "hello";
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;
    Database db;
    SqlRunRepository runs;
    SqlEnvironmentRepository environments;
    final Map<String, String> files = new HashMap<>();
    WatchWindows windows;

    @BeforeEach
    void setUp() {
        db = Database.open(Database.sqliteUrl(dir));
        new SqlAppRepository(db).create(new App(APP, T0), () -> { });
        runs = new SqlRunRepository(db);
        environments = new SqlEnvironmentRepository(db);
        windows = new WatchWindows(runs, environments, new PipelineFiles(new PipelineTexts(files::get)));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aPerBranchEnvironmentIsWatchedAsItsSpecSays() {
        Run run = pushed("c1", "5m", "1m");
        environments.ensure(APP, "dev-feature-x", "dev", "feature/x", () -> 20001, T0);

        assertThat(windows.of(deployment("dev-feature-x", run))).contains(Duration.ofMinutes(5));
    }

    @Test
    void aLaterFileDoesNotChangeTheWindowOfWhatWasDeployedBefore() {
        Run first = pushed("c1", null, "1m");
        pushed("c2", null, "9m");
        environments.ensure(APP, "staging", "staging", null, () -> 20002, T0);

        assertThat(windows.of(deployment("staging", first))).contains(Duration.ofMinutes(1));
    }

    @Test
    void noWatchInTheFileNoEnvironmentOrNoRunLeavesTheDefaultToTheWatchdog() {
        Run run = pushed("c1", null, null);
        environments.ensure(APP, "staging", "staging", null, () -> 20003, T0);

        assertThat(windows.of(deployment("staging", run))).isEmpty();
        assertThat(windows.of(deployment("qa", run))).as("no such environment").isEmpty();
        assertThat(windows.of(new Deployment(APP, 1, "staging", digest(), "c9", 99, DeploymentTrigger.PUSH, "rita",
                launch(), DeploymentState.LIVE, null, null, T0, T0, null))).as("no such run").isEmpty();
    }

    /** A run of a commit whose pipeline file has environments "dev" (per branch) and "staging", watched as given. */
    private Run pushed(String commit, String devWatch, String stagingWatch) {
        files.put(commit, """
                stages:
                  - name: build
                    jobs:
                      compile:
                        steps: [ { run: "true" } ]
                        artifact: [ "dist/" ]
                service:
                  command: "./serve"
                environments:
                  - name: dev
                    branches: [ "*", "!main" ]
                """ + watch(devWatch) + """
                  - name: staging
                    branches: [ main ]
                """ + watch(stagingWatch));
        return runs.create(new NewRun(APP, "main", commit, "tree-" + commit, "sha256:pipe", "rita", T0, List.of()));
    }

    private static String watch(String window) {
        return window == null ? "" : "    watch: " + window + "\n";
    }

    private static Deployment deployment(String environment, Run run) {
        return new Deployment(APP, 1, environment, digest(), run.commit(), run.number(), DeploymentTrigger.PUSH, "rita",
                launch(), DeploymentState.LIVE, null, null, T0, T0, null);
    }

    private static Digest digest() {
        return Digest.ofBytes("artifact".getBytes(StandardCharsets.UTF_8));
    }

    private static Launch launch() {
        return new Launch("./serve", "/healthz", Duration.ofSeconds(30), Map.of());
    }
}
