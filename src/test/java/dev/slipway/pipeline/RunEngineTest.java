package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.app.App;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.audit.AuditLog;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlArtifactRepository;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlRunRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run engine at its own level: a real SQLite store, real workspaces, logs and artifact store, and the in-memory
 * executor (which passes the executors' contract) scripted by each job's steps. Stages run in order, the jobs of a
 * stage together; a failed or errored job ends the run and skips what comes after; a cancel stops it; the listener
 * hears of successful runs only.
 */
class RunEngineTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Database db;
    private SqlRunRepository runs;
    private RunLedger ledger;
    private RunEngine engine;
    private ExecutorService coordinators;
    private ExecutorService jobPool;
    private LogStore logs;
    private final InMemoryJobExecutor executor = new InMemoryJobExecutor();
    private final List<Run> succeeded = new CopyOnWriteArrayList<>();
    private final Map<Long, PipelineSpec> specs = new ConcurrentHashMap<>();

    @BeforeEach
    void anEngineOverARealStore() throws IOException {
        db = Database.open(Database.sqliteUrl(Files.createDirectories(dir.resolve("data"))));
        runs = new SqlRunRepository(db);
        Clock clock = Clock.systemUTC();
        ledger = new RunLedger(runs, new SqlArtifactRepository(db), db, new AuditLog(new SqlAuditRepository(db), clock),
                clock);
        new SqlAppRepository(db).create(new App("app", clock.instant()), () -> { });
        logs = new LogStore(dir.resolve("logs"), clock);
        JobAttempts attempts = new JobAttempts(runs, ledger, new OneFileSource(), executor,
                new ArtifactStore(dir.resolve("artifacts")), logs, dir.resolve("work"));
        coordinators = Executors.newCachedThreadPool();
        jobPool = Executors.newFixedThreadPool(4);
        engine = new RunEngine(runs, ledger, attempts, (run, spec) -> succeeded.add(run), coordinators, jobPool);
    }

    @AfterEach
    void stopTheEngine() throws InterruptedException {
        engine.close();
        coordinators.shutdownNow();
        jobPool.shutdownNow();
        assertThat(coordinators.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jobPool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        db.close();
    }

    @Test
    void theStagesRunInOrderEachJobWithItsLogAndTheListenerHearsOfTheSucceededRun() throws IOException {
        Run run = finished(queued("""
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "print compiling" ] }
                  - name: test
                    jobs:
                      unit: { steps: [ "print testing" ] }
                      lint: { steps: [ "print linting" ] }
                """));

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.error()).isNull();
        assertThat(run.startedAt()).isNotNull();
        assertThat(run.finishedAt()).isNotNull();
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.SUCCEEDED), Map.entry("unit", JobState.SUCCEEDED),
                Map.entry("lint", JobState.SUCCEEDED));
        List<String> events = executor.events();
        assertThat(events.indexOf("end compile SUCCEEDED")).isNotNegative()
                .isLessThan(events.indexOf("start unit")).isLessThan(events.indexOf("start lint"));
        assertThat(Files.readString(logs.file("app", run.number(), 1, "unit"))).contains(" testing\n");
        assertThat(succeeded).singleElement().isEqualTo(run);
    }

    @Test
    void theJobsOfAStageRunAtTheSameTime() {
        Run run = queued("""
                stages:
                  - name: test
                    jobs:
                      unit: { steps: [ "hold go" ] }
                      lint: { steps: [ "hold go" ] }
                """);

        engine.submit(run, specs.get(run.number()));

        await().atMost(PROMPTLY).until(() -> states(run).values().stream().allMatch(s -> s == JobState.RUNNING));
        executor.release("go");
        assertThat(finished(run).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void eachJobWorksInAFreshCheckoutOfItsCommitWithTheRunsVariables() throws IOException {
        Run run = finished(queued("""
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "expect README.md\\nenv SLIPWAY_COMMIT\\nenv SLIPWAY_RUN\\nwrite left.txt" ] }
                  - name: test
                    jobs:
                      unit: { steps: [ "exit 0" ] }
                      lint: { steps: [ "expect left.txt" ] }
                """));

        assertThat(run.state()).isEqualTo(RunState.FAILED); // lint's checkout has nothing compile wrote
        assertThat(states(run)).containsEntry("compile", JobState.SUCCEEDED).containsEntry("lint", JobState.FAILED);
        assertThat(Files.readString(logs.file("app", run.number(), 0, "compile")))
                .contains(" SLIPWAY_COMMIT=c0ffee\n", " SLIPWAY_RUN=" + run.number() + "\n");
        assertThat(dir.resolve("work/app/" + run.number())).isEmptyDirectory();
    }

    @Test
    void aFailedJobFailsTheRunAndSkipsTheLaterStagesWhileItsStageRunsToTheEnd() {
        Run run = finished(queued("""
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "print oops\\nexit 2" ] }
                      docs: { steps: [ "wait 200" ] }
                  - name: test
                    jobs:
                      unit: { steps: [ "print testing" ] }
                """));

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).isEqualTo("build/compile: step 'print oops …' exited with code 2");
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.FAILED), Map.entry("docs", JobState.SUCCEEDED),
                Map.entry("unit", JobState.SKIPPED));
        assertThat(runs.jobs("app", run.number())).filteredOn(j -> j.name().equals("compile"))
                .singleElement().extracting(JobRun::exitCode).isEqualTo(2);
        assertThat(executor.events()).doesNotContain("start unit");
        assertThat(succeeded).isEmpty();
    }

    @Test
    void anErroredJobErrorsTheRunAndSkipsTheLaterStages() {
        Run run = finished(queued(TWO_STAGES.replace("print compiling", "unstartable")));

        assertThat(run.state()).isEqualTo(RunState.ERRORED);
        assertThat(run.error()).isEqualTo("build/compile: cannot start step 1: scripted");
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.ERRORED), Map.entry("unit", JobState.SKIPPED));
        assertThat(succeeded).isEmpty();
    }

    @Test
    void whenSlipwayItselfFailsMidRunTheRunEndsErrored() {
        Run run = queued(TWO_STAGES);
        // the database refuses to settle a job: a real failure of ours, not a stub
        db.useHandle(h -> h.execute("CREATE TRIGGER refuse BEFORE UPDATE ON job_runs WHEN NEW.state = 'SUCCEEDED' "
                + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"));

        Run after = finished(run);

        assertThat(after.state()).isEqualTo(RunState.ERRORED);
        assertThat(after.error()).startsWith("Slipway failed while running this pipeline: ").contains("disk says no");
        assertThat(succeeded).isEmpty();
    }

    @Test
    void cancellingARunningRunCancelsItsJobAndSkipsTheLaterStages() {
        Run run = queued(HANGING_BUILD);
        engine.submit(run, specs.get(run.number()));
        await().atMost(PROMPTLY).until(() -> states(run).get("compile") == JobState.RUNNING);

        assertThat(engine.cancel("alice", "app", run.number())).isTrue();

        Run after = finished(run);
        assertThat(after.state()).isEqualTo(RunState.CANCELLED);
        assertThat(after.error()).isEqualTo("cancelled by alice");
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.CANCELLED), Map.entry("unit", JobState.SKIPPED));
        assertThat(engine.cancel("alice", "app", run.number())).as("cancelling a finished run").isFalse();
        assertThat(succeeded).isEmpty();
    }

    @Test
    void aRunCancelledBeforeItStartsRunsNoJob() {
        Run run = queued(TWO_STAGES);

        assertThat(engine.cancel("alice", "app", run.number())).isTrue();
        engine.submit(run, specs.get(run.number())); // as a push racing the cancel would
        Run after = finished(run);

        assertThat(after.state()).isEqualTo(RunState.CANCELLED);
        assertThat(after.error()).isEqualTo("cancelled by alice");
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.SKIPPED), Map.entry("unit", JobState.SKIPPED));
        assertThat(executor.events()).isEmpty();
    }

    @Test
    void closingTheEngineCancelsWhatRunsInTheServersName() {
        Run run = queued(HANGING_BUILD);
        engine.submit(run, specs.get(run.number()));
        await().atMost(PROMPTLY).until(() -> states(run).get("compile") == JobState.RUNNING);

        engine.close();

        Run after = runs.find("app", run.number()).orElseThrow();
        assertThat(after.state()).isEqualTo(RunState.CANCELLED);
        assertThat(after.error()).isEqualTo("cancelled by slipway (server shutting down)");
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.CANCELLED), Map.entry("unit", JobState.SKIPPED));
    }

    @Test
    void theArtifactIsRecordedAndUnpackedIntoTheLaterStagesWorkspaces() {
        Run run = finished(queued("""
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "write dist/app.txt built" ], artifact: [ "dist/" ] }
                  - name: test
                    jobs:
                      unit: { steps: [ "expect dist/app.txt" ] }
                """));

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.artifactDigest()).isPresent();
        assertThat(succeeded).singleElement().extracting(Run::artifact).isEqualTo(run.artifact());
    }

    @Test
    void anArtifactJobWithoutItsArtifactPathsFailsTheRun() {
        Run run = finished(queued(TWO_STAGES.replace("[ \"print compiling\" ]",
                "[ \"print compiling\" ], artifact: [ \"dist/\" ]")));

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.artifactDigest()).isEmpty();
        assertThat(states(run)).containsOnly(Map.entry("compile", JobState.FAILED), Map.entry("unit", JobState.SKIPPED));
        assertThat(succeeded).isEmpty();
    }

    @Test
    void aRunOfATreeAnotherRunIsBuildingWaitsForThatBuildInsteadOfBuildingAgain() {
        Run first = queued(HELD_BUILD);
        Run second = queued(HELD_BUILD);

        assertThat(engine.buildOrJoin(first, specs.get(first.number()))).isNull();
        CompletableFuture<Run> joined = engine.buildOrJoin(second, specs.get(second.number()));

        assertThat(joined).isNotNull().isNotDone();
        executor.release("build");
        Run built = joined.orTimeout(PROMPTLY.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(built.number()).isEqualTo(first.number());
        assertThat(built.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(executor.events()).filteredOn(e -> e.startsWith("start ")).containsExactly("start compile", "start unit");
        assertThat(runs.find("app", second.number()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void afterARestartRecoveryResumesANeverStartedRunAndSettlesAnInterruptedOne() {
        Run interrupted = queued(TWO_STAGES);
        runs.move("app", interrupted.number(), RunState.QUEUED, RunState.RUNNING, ledger.clock().instant(), null);
        runs.moveJob("app", interrupted.number(), "compile", JobState.QUEUED, JobState.RUNNING, ledger.clock().instant(),
                null, null);
        Run neverStarted = queued(TWO_STAGES);

        int unsettled = new RunRecovery(runs, ledger, r -> Optional.ofNullable(specs.get(r.number())), engine::submit).run();

        assertThat(unsettled).isZero();
        assertThat(finished(neverStarted).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(succeeded).extracting(Run::number).containsExactly(neverStarted.number());
        assertThat(runs.find("app", interrupted.number()).orElseThrow().state()).isEqualTo(RunState.ERRORED);
        assertThat(states(interrupted)).containsOnly(Map.entry("compile", JobState.ERRORED),
                Map.entry("unit", JobState.SKIPPED));
    }

    private static final String TWO_STAGES = """
            stages:
              - name: build
                jobs:
                  compile: { steps: [ "print compiling" ] }
              - name: test
                jobs:
                  unit: { steps: [ "print testing" ] }
            """;
    private static final String HANGING_BUILD = TWO_STAGES.replace("print compiling", "hang");
    private static final String HELD_BUILD = TWO_STAGES.replace("print compiling", "hold build");

    /** A run of commit c0ffee recorded QUEUED, as a push leaves it; two runs of the same file have the same tree. */
    private Run queued(String pipelineFile) {
        PipelineSpec spec;
        try {
            spec = new PipelineParser().parse(pipelineFile);
        } catch (PipelineException e) {
            throw new AssertionError(e);
        }
        List<NewRun.JobKey> keys = new ArrayList<>();
        for (int i = 0; i < spec.stages().size(); i++) {
            for (JobSpec job : spec.stages().get(i).jobs()) {
                keys.add(new NewRun.JobKey(i, spec.stages().get(i).name(), job.name()));
            }
        }
        Run run = ledger.create(new NewRun("app", "main", "c0ffee", "tree-" + pipelineFile.hashCode(),
                "sha256:" + pipelineFile.hashCode(), "alice", ledger.clock().instant(), keys), "refs/heads/main", null);
        specs.put(run.number(), spec);
        return run;
    }

    /** Submits the run if it is queued, waits for the engine to finish it and reads it back. */
    private Run finished(Run run) {
        if (runs.find("app", run.number()).orElseThrow().state() == RunState.QUEUED) {
            engine.submit(run, specs.get(run.number()));
        }
        await().atMost(PROMPTLY).until(() -> runs.find("app", run.number()).orElseThrow().state().isFinal());
        engine.await("app", run.number());
        return runs.find("app", run.number()).orElseThrow();
    }

    private Map<String, JobState> states(Run run) {
        Map<String, JobState> states = new TreeMap<>();
        runs.jobs("app", run.number()).forEach(j -> states.put(j.name(), j.state()));
        return states;
    }

    /** Every commit holds one file, README.md. */
    private static final class OneFileSource implements SourceRepository {
        @Override
        public Optional<byte[]> readFile(String app, String commit, String path) {
            return Optional.empty();
        }

        @Override
        public String treeId(String app, String commit) {
            return "tree";
        }

        @Override
        public void checkout(String app, String commit, String branch, Path dir) throws IOException {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("README.md"), "# " + app + " at " + commit);
        }

        @Override
        public boolean branchExists(String app, String branch) {
            return true;
        }
    }
}
