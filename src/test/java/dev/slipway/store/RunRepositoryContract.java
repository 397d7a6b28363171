package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every RunRepository must do, on every database. */
abstract class RunRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    static final Digest DIGEST = Digest.ofBytes("artifact".getBytes());
    private SqlRunRepository runs;

    @BeforeEach
    void setUp() {
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        runs = new SqlRunRepository(db);
    }

    private NewRun newRun(String tree) {
        return new NewRun("hello", "main", "c".repeat(40), tree, "sha256:pipe", "alice", T0,
                List.of(new NewRun.JobKey(0, "build", "compile"), new NewRun.JobKey(1, "test", "unit")));
    }

    @Test
    void createNumbersRunsPerAppAndStoresJobsQueued() {
        Run first = runs.create(newRun("t1"));
        Run second = runs.create(newRun("t2"));
        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(first.state()).isEqualTo(RunState.QUEUED);
        assertThat(first.createdAt()).isEqualTo(T0);
        assertThat(runs.jobs("hello", 1)).extracting(JobRun::name, JobRun::state, JobRun::stageIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("compile", JobState.QUEUED, 0),
                        org.assertj.core.groups.Tuple.tuple("unit", JobState.QUEUED, 1));
        assertThat(runs.list("hello", 10)).extracting(Run::number).containsExactly(2L, 1L);
        assertThat(runs.list("hello", 1)).hasSize(1);
        new SqlAppRepository(db).create(new App("quiet", T0), () -> { });
        assertThat(runs.list(List.of("hello", "quiet"), 1)).as("several apps at once")
                .isEqualTo(java.util.Map.of("hello", runs.list("hello", 1), "quiet", List.of()));
        assertThat(runs.list(List.of("hello"), 10).get("hello")).isEqualTo(runs.list("hello", 10));
    }

    @Test
    void concurrentCreatesNeverShareANumber() throws Exception {
        Set<Long> numbers = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 40; i++) {
            pool.submit(() -> numbers.add(runs.create(newRun("t")).number()));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(numbers).hasSize(40).contains(1L, 40L);
    }

    @Test
    void moveIsACompareAndSetAndRecordsTimes() {
        Run run = runs.create(newRun("t1"));
        Instant t1 = T0.plusSeconds(1);
        assertThat(runs.move("hello", run.number(), RunState.QUEUED, RunState.RUNNING, t1, null)).isTrue();
        assertThat(runs.move("hello", run.number(), RunState.QUEUED, RunState.RUNNING, t1, null)).isFalse();
        assertThat(runs.move("hello", run.number(), RunState.RUNNING, RunState.FAILED, t1.plusSeconds(1), "boom")).isTrue();
        Run done = runs.find("hello", run.number()).orElseThrow();
        assertThat(done.state()).isEqualTo(RunState.FAILED);
        assertThat(done.startedAt()).isEqualTo(t1);
        assertThat(done.finishedAt()).isEqualTo(t1.plusSeconds(1));
        assertThat(done.error()).isEqualTo("boom");
        assertThatThrownBy(() -> runs.move("hello", run.number(), RunState.FAILED, RunState.RUNNING, t1, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void jobMovesAreCompareAndSet() {
        Run run = runs.create(newRun("t1"));
        assertThat(runs.moveJob("hello", run.number(), "compile", JobState.QUEUED, JobState.RUNNING, T0, null, null)).isTrue();
        assertThat(runs.moveJob("hello", run.number(), "compile", JobState.QUEUED, JobState.RUNNING, T0, null, null)).isFalse();
        assertThat(runs.moveJob("hello", run.number(), "compile", JobState.RUNNING, JobState.FAILED, T0, 3, "exit 3")).isTrue();
        JobRun job = runs.jobs("hello", run.number()).get(0);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.exitCode()).isEqualTo(3);
        assertThat(job.error()).isEqualTo("exit 3");
    }

    @Test
    void findsTheNewestSucceededRunOfATreeForReuse() {
        Run failed = runs.create(newRun("tree"));
        runs.move("hello", failed.number(), RunState.QUEUED, RunState.FAILED, T0, "x");
        assertThat(runs.findReusable("hello", "tree", "sha256:pipe")).isEmpty();
        Run ok = runs.create(newRun("tree"));
        runs.setArtifact("hello", ok.number(), DIGEST, null);
        runs.move("hello", ok.number(), RunState.QUEUED, RunState.SUCCEEDED, T0, null);
        assertThat(runs.findReusable("hello", "tree", "sha256:pipe")).map(Run::number).contains(ok.number());
        assertThat(runs.findReusable("hello", "tree", "sha256:other")).isEmpty();
        assertThat(runs.findReusable("hello", "other", "sha256:pipe")).isEmpty();
        assertThat(runs.find("hello", ok.number()).orElseThrow().artifact()).isEqualTo(DIGEST);
    }

    @Test
    void theCommitsOwnTimeIsKeptWithTheRunWhenKnown() {
        Instant committed = T0.minusSeconds(3600);
        Run timed = runs.create(new NewRun("hello", "main", "c".repeat(40), "t1", "sha256:pipe", "alice", T0,
                List.of(), committed));
        Run untimed = runs.create(newRun("t1"));
        String sql = "SELECT committed_at FROM runs WHERE app = 'hello' AND number = :n";
        Optional<Long> kept = db.withHandle(h -> h.createQuery(sql).bind("n", timed.number()).mapTo(Long.class)
                .findOne());
        Optional<Long> none = db.withHandle(h -> h.createQuery(sql).bind("n", untimed.number()).mapTo(Long.class)
                .findOne());
        assertThat(kept).contains(committed.toEpochMilli());
        assertThat(none).isEmpty();
    }

    @Test
    void runsOfACommitAreFoundByTheFullOrAbbreviatedId() {
        Run first = runs.create(newRun("t1"));
        Run second = runs.create(newRun("t1"));
        runs.create(new NewRun("hello", "main", "d".repeat(40), "t2", "sha256:pipe", "alice", T0, List.of()));
        assertThat(runs.ofCommit("hello", "c".repeat(40), 10)).extracting(Run::number)
                .containsExactly(second.number(), first.number());
        assertThat(runs.ofCommit("hello", "cccc", 1)).extracting(Run::number).containsExactly(second.number());
        assertThat(runs.ofCommit("hello", "e", 10)).isEmpty();
        assertThatThrownBy(() -> runs.ofCommit("hello", "c%", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newestSucceededPerBranchSkipsBranchesWhoseNewestRunDidNotSucceed() {
        Run old = runs.create(newRun("a"));
        runs.setArtifact("hello", old.number(), DIGEST, null);
        runs.move("hello", old.number(), RunState.QUEUED, RunState.SUCCEEDED, T0, null);
        Run newer = runs.create(newRun("b"));
        runs.setArtifact("hello", newer.number(), DIGEST, null);
        runs.move("hello", newer.number(), RunState.QUEUED, RunState.SUCCEEDED, T0, null);
        assertThat(runs.newestSucceededPerBranch()).extracting(Run::number).containsExactly(newer.number());
        Run failing = runs.create(newRun("c"));
        runs.move("hello", failing.number(), RunState.QUEUED, RunState.FAILED, T0, "x");
        assertThat(runs.newestSucceededPerBranch()).isEmpty();
    }

    @Test
    void unfinishedListsQueuedAndRunningRunsAndFinishedOnesWithAnUnfinishedJob() {
        Run a = runs.create(newRun("a"));
        Run b = runs.create(newRun("b"));
        Run c = runs.create(newRun("c"));
        Run d = runs.create(newRun("d"));
        runs.move("hello", b.number(), RunState.QUEUED, RunState.RUNNING, T0, null);
        runs.move("hello", c.number(), RunState.QUEUED, RunState.CANCELLED, T0, null);
        runs.moveJob("hello", c.number(), "compile", JobState.QUEUED, JobState.SKIPPED, T0, null, null);
        runs.moveJob("hello", c.number(), "unit", JobState.QUEUED, JobState.SKIPPED, T0, null, null);
        // a crash between the run's move and its jobs' leaves a finished run with a job still running
        runs.move("hello", d.number(), RunState.QUEUED, RunState.ERRORED, T0, null);
        runs.moveJob("hello", d.number(), "compile", JobState.QUEUED, JobState.SKIPPED, T0, null, null);
        runs.moveJob("hello", d.number(), "unit", JobState.QUEUED, JobState.RUNNING, T0, null, null);
        assertThat(runs.unfinished()).extracting(Run::number)
                .containsExactly(a.number(), b.number(), d.number());
    }

    @Test
    void warningsAreKeptPerRunInOrderAndEachTextOnce() {
        Run a = runs.create(newRun("a"));
        Run b = runs.create(newRun("b"));
        Run c = runs.create(newRun("c"));
        runs.warn("hello", b.number(), "second", T0.plusSeconds(1));
        runs.warn("hello", b.number(), "first", T0);
        runs.warn("hello", b.number(), "first", T0.plusSeconds(2)); // said again: kept once
        runs.warn("hello", c.number(), "of c", T0);

        assertThat(runs.warnings("hello", b.number())).containsExactly("first", "second");
        assertThat(runs.warnings("hello", a.number())).isEmpty();
        assertThat(runs.warnings("hello", a.number(), c.number()))
                .isEqualTo(java.util.Map.of(b.number(), List.of("first", "second"), c.number(), List.of("of c")));
    }
}
