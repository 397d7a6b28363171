package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.app.App;
import dev.slipway.audit.AuditLog;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunLedger;
import dev.slipway.pipeline.RunRecovery;
import dev.slipway.pipeline.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery of runs over a real SQLite database, in the state-table style: every (run state × job state)
 * a crash can leave, alone and mixed with a second job in every state, is settled — finished jobs keep their state,
 * running ones end ERRORED, queued ones SKIPPED, an unfinished run ERRORED — and settling twice changes nothing.
 */
class RunRecoveryTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static PipelineSpec spec;

    @TempDir
    static Path dir;
    static Database db;
    static SqlRunRepository runs;
    static RunLedger ledger;
    static final AtomicInteger apps = new AtomicInteger();

    private final List<Run> resumed = new ArrayList<>();
    private RunRecovery recovery;
    private String app;

    @BeforeAll
    static void open() throws Exception {
        spec = new PipelineParser().parse("""
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "true" ] }
                """);
        db = TestDatabases.sqlite(dir);
        runs = new SqlRunRepository(db);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        ledger = new RunLedger(runs, new SqlArtifactRepository(db), db, new AuditLog(new SqlAuditRepository(db), clock),
                clock);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void freshApp() {
        // one database for all cases (migrating one per case is slow); each case has an app of its own
        app = "app" + apps.incrementAndGet();
        new SqlAppRepository(db).create(new App(app, T0), () -> { });
        recovery = new RunRecovery(runs, ledger, run -> Optional.of(spec), (run, spec) -> {
            // as the engine would take it up: here it is cancelled at once, so later cases do not see it unsettled
            resumed.add(run);
            runs.move(run.app(), run.number(), RunState.QUEUED, RunState.CANCELLED, T0, "taken by the engine");
            runs.jobs(run.app(), run.number()).forEach(j -> runs.moveJob(run.app(), run.number(), j.name(),
                    JobState.QUEUED, JobState.SKIPPED, T0, null, null));
        });
    }

    static Stream<Arguments> runAndJob() {
        return Stream.of(RunState.values()).flatMap(run -> Stream.of(JobState.values()).map(job -> Arguments.of(run, job)));
    }

    @ParameterizedTest(name = "run {0} with its job {1}")
    @MethodSource("runAndJob")
    void everyRunAndJobStateACrashCanLeaveIsSettled(RunState runState, JobState jobState) {
        Run run = crashedRun(runState, Map.of("only", jobState));

        assertThat(recovery.run()).isZero();

        boolean resumable = runState == RunState.QUEUED && jobState == JobState.QUEUED;
        assertThat(resumed).extracting(Run::number).isEqualTo(resumable ? List.of(run.number()) : List.of());
        if (!resumable) {
            assertSettled(run, runState, Map.of("only", jobState));
        }
        assertSettlingAgainChangesNothing(run);
    }

    static Stream<Arguments> runAndTwoJobs() {
        return runAndJob().flatMap(a -> Stream.of(JobState.values())
                .map(second -> Arguments.of(a.get()[0], a.get()[1], second)));
    }

    /** A job in every state beside another in every state: the mix that broke the start-up (#11). */
    @ParameterizedTest(name = "run {0} with jobs {1} and {2}")
    @MethodSource("runAndTwoJobs")
    void everyMixOfTwoJobsIsSettled(RunState runState, JobState first, JobState second) {
        Map<String, JobState> jobs = Map.of("first", first, "second", second);
        Run run = crashedRun(runState, jobs);

        assertThat(recovery.run()).isZero();

        boolean resumable = runState == RunState.QUEUED && first == JobState.QUEUED && second == JobState.QUEUED;
        assertThat(resumed).extracting(Run::number).isEqualTo(resumable ? List.of(run.number()) : List.of());
        if (!resumable) {
            assertSettled(run, runState, jobs);
        }
        assertSettlingAgainChangesNothing(run);
    }

    @Test
    void theIssuesCrashSucceededBuildRunningTestIsSettledAndAHalfSettledOneToo() {
        Run crashed = crashedRun(RunState.RUNNING, Map.of("compile", JobState.SUCCEEDED, "sleep", JobState.RUNNING));
        // what the first failed start-up left: the running job moved, the run not
        Run halfSettled = crashedRun(RunState.RUNNING, Map.of("compile", JobState.SUCCEEDED, "sleep", JobState.ERRORED));

        assertThat(recovery.run()).isZero();

        for (Run run : List.of(crashed, halfSettled)) {
            assertThat(states(run)).containsExactlyInAnyOrderEntriesOf(
                    Map.of("compile", JobState.SUCCEEDED, "sleep", JobState.ERRORED));
            Run after = runs.find(app, run.number()).orElseThrow();
            assertThat(after.state()).isEqualTo(RunState.ERRORED);
            assertThat(after.error()).isEqualTo("Slipway stopped while this run was running; push again to retry");
        }
        assertThat(runs.jobs(app, crashed.number())).filteredOn(j -> j.name().equals("sleep"))
                .extracting(JobRun::error).containsExactly("Slipway stopped while this job ran");
    }

    @Test
    void aRecordThatCannotBeSettledIsLoggedWithItsJobAndTheOthersAreSettled() {
        Run broken = crashedRun(RunState.RUNNING, Map.of("a", JobState.RUNNING, "b", JobState.QUEUED));
        Run fine = crashedRun(RunState.RUNNING, Map.of("c", JobState.RUNNING));
        // the database itself refuses to move one job: a real failure, not a stub
        db.useHandle(h -> h.execute("CREATE TRIGGER refuse_a BEFORE UPDATE ON job_runs WHEN OLD.app = '" + app
                + "' AND OLD.name = 'a' BEGIN SELECT RAISE(ABORT, 'disk says no'); END"));
        ListAppender<ILoggingEvent> logged = capture();
        try {
            assertThat(recovery.run()).isEqualTo(1);

            assertThat(states(broken)).containsExactlyInAnyOrderEntriesOf(Map.of("a", JobState.RUNNING, "b", JobState.SKIPPED));
            assertThat(runs.find(app, broken.number()).orElseThrow().state()).isEqualTo(RunState.ERRORED);
            assertThat(states(fine)).containsExactly(Map.entry("c", JobState.ERRORED));
            assertThat(runs.find(app, fine.number()).orElseThrow().state()).isEqualTo(RunState.ERRORED);
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.ERROR)
                    .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .contains(app + " run #" + broken.number() + " job a").contains("disk says no");
            // left for the next start, which tries again
            assertThat(runs.unfinished()).extracting(Run::app, Run::number).contains(org.assertj.core.groups.Tuple.tuple(
                    app, broken.number()));
        } finally {
            db.useHandle(h -> h.execute("DROP TRIGGER refuse_a"));
            release(logged);
        }
        assertThat(recovery.run()).isZero();
        assertThat(states(broken)).containsEntry("a", JobState.ERRORED);
    }

    @Test
    void aQueuedRunWhosePipelineFileCannotBeReadEndsErroredWithItsJobsSkipped() {
        Run run = crashedRun(RunState.QUEUED, Map.of("compile", JobState.QUEUED));
        RunRecovery unreadable = new RunRecovery(runs, ledger, r -> Optional.empty(), (r, spec) -> resumed.add(r));

        assertThat(unreadable.run()).isZero();

        assertThat(resumed).isEmpty();
        assertThat(states(run)).containsExactly(Map.entry("compile", JobState.SKIPPED));
        assertThat(runs.find(app, run.number()).orElseThrow().error()).contains("can no longer be read");
    }

    /** A run moved, as the engine would have, into {@code runState} with its jobs in the given states. */
    private Run crashedRun(RunState runState, Map<String, JobState> jobStates) {
        List<NewRun.JobKey> keys = new ArrayList<>();
        List<String> names = jobStates.keySet().stream().sorted().toList();
        for (int i = 0; i < names.size(); i++) {
            keys.add(new NewRun.JobKey(i, "stage" + i, names.get(i)));
        }
        Run run = runs.create(new NewRun(app, "main", "c0ffee", "tree", "sha256:pipe", "alice", T0, keys));
        if (runState != RunState.QUEUED) {
            RunState via = RunState.QUEUED.canMoveTo(runState) ? RunState.QUEUED : RunState.RUNNING;
            if (via == RunState.RUNNING) {
                assertThat(runs.move(app, run.number(), RunState.QUEUED, RunState.RUNNING, T0, null)).isTrue();
            }
            assertThat(runs.move(app, run.number(), via, runState, T0, null)).isTrue();
        }
        jobStates.forEach((job, state) -> {
            if (state == JobState.QUEUED) {
                return;
            }
            JobState via = JobState.QUEUED.canMoveTo(state) ? JobState.QUEUED : JobState.RUNNING;
            if (via == JobState.RUNNING) {
                assertThat(runs.moveJob(app, run.number(), job, JobState.QUEUED, JobState.RUNNING, T0, null, null)).isTrue();
            }
            assertThat(runs.moveJob(app, run.number(), job, via, state, T0, null, null)).isTrue();
        });
        assertThat(states(run)).containsExactlyInAnyOrderEntriesOf(jobStates);
        return runs.find(app, run.number()).orElseThrow();
    }

    private void assertSettled(Run run, RunState before, Map<String, JobState> jobsBefore) {
        Map<String, JobState> after = states(run);
        jobsBefore.forEach((job, state) -> {
            JobState expected = switch (state) {
                case RUNNING -> JobState.ERRORED;
                case QUEUED -> JobState.SKIPPED;
                default -> state; // finished jobs keep their state
            };
            assertThat(after).as("job " + job).containsEntry(job, expected);
        });
        RunState expectedRun = before.isFinal() ? before : RunState.ERRORED;
        assertThat(runs.find(app, run.number()).orElseThrow().state()).isEqualTo(expectedRun);
        assertThat(runs.unfinished()).extracting(Run::app).doesNotContain(app);
    }

    private void assertSettlingAgainChangesNothing(Run run) {
        Map<String, JobState> jobs = states(run);
        RunState state = runs.find(app, run.number()).orElseThrow().state();
        int resumedBefore = resumed.size();

        assertThat(recovery.run()).isZero();

        assertThat(states(run)).isEqualTo(jobs);
        assertThat(runs.find(app, run.number()).orElseThrow().state()).isEqualTo(state);
        assertThat(resumed).hasSize(resumedBefore);
    }

    private Map<String, JobState> states(Run run) {
        Map<String, JobState> states = new java.util.TreeMap<>();
        runs.jobs(app, run.number()).forEach(j -> states.put(j.name(), j.state()));
        return states;
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(RunRecovery.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(RunRecovery.class)).detachAppender(appender);
    }
}
