package dev.slipway.pipeline;

import dev.slipway.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs: stages strictly in order, the jobs of a stage in parallel on a bounded pool, fail-fast
 * between stages. Each run is coordinated by one task that only waits; jobs do the work.
 */
public final class RunEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunEngine.class);

    private final RunRepository runs;
    private final RunLedger ledger;
    private final JobAttempts jobs;
    private final RunListener listener;
    private final Clock clock;
    private final ExecutorService coordinators;
    private final ExecutorService jobPool;
    private final Map<String, Cancellation> active = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();
    private final Map<String, String> cancelledBy = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Run>> building = new ConcurrentHashMap<>();

    public RunEngine(RunRepository runs, RunLedger ledger, JobAttempts jobs, RunListener listener,
                     ExecutorService coordinators, ExecutorService jobPool) {
        this.runs = runs;
        this.ledger = ledger;
        this.clock = ledger.clock();
        this.jobs = jobs;
        this.listener = listener;
        this.coordinators = coordinators;
        this.jobPool = jobPool;
    }

    public void submit(Run run, PipelineSpec spec) {
        String key = key(run.app(), run.number());
        active.put(key, new Cancellation());
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> coordinate(run, spec), coordinators);
        finished.put(key, done);
        done.whenComplete((ok, error) -> {
            active.remove(key);
            finished.remove(key);
            cancelledBy.remove(key);
        });
    }

    /**
     * Builds the run unless another run is building the same tree with the same pipeline file right now; then
     * returns that build's outcome to wait for instead (null: this run builds). Built once, even for pushes that
     * race each other.
     */
    public CompletableFuture<Run> buildOrJoin(Run run, PipelineSpec spec) {
        String key = run.app() + "|" + run.treeId() + "|" + run.pipelineDigest();
        CompletableFuture<Run> mine = new CompletableFuture<>();
        CompletableFuture<Run> theirs = building.putIfAbsent(key, mine);
        if (theirs != null) {
            return theirs;
        }
        submit(run, spec);
        finished.getOrDefault(key(run.app(), run.number()), CompletableFuture.completedFuture(null))
                .whenComplete((ok, error) -> {
                    building.remove(key, mine);
                    mine.complete(runs.find(run.app(), run.number()).orElse(run));
                });
        return null;
    }

    private void coordinate(Run run, PipelineSpec spec) {
        Cancellation cancellation = active.get(key(run.app(), run.number()));
        try {
            if (!ledger.move(RunLedger.SLIPWAY, run.app(), run.number(), RunState.QUEUED, RunState.RUNNING, null)) {
                skipFrom(run, spec.stages(), 0); // cancelled while queued
                return;
            }
            RunState outcome = runStages(run, spec, cancellation);
            finish(run, spec, outcome);
        } catch (RuntimeException e) {
            log.error("{} errored", run.label(), e);
            ledger.move(RunLedger.SLIPWAY, run.app(), run.number(), RunState.RUNNING, RunState.ERRORED,
                    "Slipway failed while running this pipeline: " + e.getMessage());
        }
    }

    private RunState runStages(Run run, PipelineSpec spec, Cancellation cancellation) {
        List<StageSpec> stages = spec.stages();
        for (int i = 0; i < stages.size(); i++) {
            StageSpec stage = stages.get(i);
            if (cancellation.isCancelled()) {
                skipFrom(run, stages, i);
                return RunState.CANCELLED;
            }
            int index = i;
            List<CompletableFuture<JobState>> futures = new ArrayList<>();
            for (JobSpec job : stage.jobs()) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> jobs.attempt(run, index, stage, job, cancellation), jobPool));
            }
            List<JobState> results = futures.stream().map(CompletableFuture::join).toList();
            JobState stageState = JobState.ofStage(results);
            if (stageState != JobState.SUCCEEDED) {
                skipFrom(run, stages, i + 1);
                return switch (stageState) {
                    case FAILED -> RunState.FAILED;
                    case CANCELLED -> RunState.CANCELLED;
                    default -> RunState.ERRORED;
                };
            }
        }
        return RunState.SUCCEEDED;
    }

    private void finish(Run run, PipelineSpec spec, RunState outcome) {
        String error = switch (outcome) {
            case FAILED -> firstError(run, "a job failed");
            case ERRORED -> firstError(run, "a job errored");
            case CANCELLED -> "cancelled by " + cancelledBy.getOrDefault(key(run.app(), run.number()), RunLedger.SLIPWAY);
            default -> null;
        };
        if (outcome == RunState.SUCCEEDED && spec.artifactJob().isPresent()
                && runs.find(run.app(), run.number()).flatMap(Run::artifactDigest).isEmpty()) {
            outcome = RunState.ERRORED;
            error = "the artifact job finished but no artifact was recorded";
        }
        if (ledger.move(RunLedger.SLIPWAY, run.app(), run.number(), RunState.RUNNING, outcome, error,
                spec.artifactJob().map(job -> List.of(job.name())).orElse(List.of()))
                && outcome == RunState.SUCCEEDED) {
            listener.runSucceeded(runs.find(run.app(), run.number()).orElseThrow(), spec);
        }
    }

    private String firstError(Run run, String fallback) {
        return runs.jobs(run.app(), run.number()).stream()
                .filter(j -> j.error() != null && (j.state() == JobState.FAILED || j.state() == JobState.ERRORED))
                .map(j -> j.stage() + "/" + j.name() + ": " + j.error())
                .findFirst().orElse(fallback);
    }

    private void skipFrom(Run run, List<StageSpec> stages, int from) {
        for (int i = from; i < stages.size(); i++) {
            for (JobSpec job : stages.get(i).jobs()) {
                runs.moveJob(run.app(), run.number(), job.name(), JobState.QUEUED, JobState.SKIPPED, clock.instant(), null, null);
            }
        }
    }

    /** Cancels a queued or running run; returns false when it had already finished. */
    public boolean cancel(String actor, String app, long number) {
        Run run = runs.find(app, number).orElseThrow(() -> Problem.notFound(
                "run #" + number + " of app '" + app + "' does not exist: list runs with `slipway runs " + app + "`"));
        if (run.state().isFinal()) {
            return false;
        }
        Cancellation cancellation = active.get(key(app, number));
        if (cancellation != null) {
            cancelledBy.put(key(app, number), actor);
            cancellation.cancel();
        }
        // A run that has not started yet is settled here; a running one settles when its jobs stop.
        ledger.move(actor, app, number, RunState.QUEUED, RunState.CANCELLED, "cancelled by " + actor);
        return true;
    }

    /** Waits until the run's coordinator has finished (tests and shutdown). */
    public void await(String app, long number) {
        CompletableFuture<Void> done = finished.get(key(app, number));
        if (done != null) {
            done.join();
        }
    }

    @Override
    public void close() {
        active.keySet().forEach(key -> cancelledBy.putIfAbsent(key, "slipway (server shutting down)"));
        active.values().forEach(Cancellation::cancel);
        finished.values().forEach(f -> f.exceptionally(e -> null).join());
    }

    private static String key(String app, long number) {
        return app + "#" + number;
    }
}
