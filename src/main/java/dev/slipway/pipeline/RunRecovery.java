package dev.slipway.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles, at start-up, every run a crash left unsettled, whatever mix of job states it holds: a run that never
 * began (queued, every job queued) is resumed; any other keeps its finished jobs as they are, its running jobs end
 * ERRORED and its queued ones SKIPPED ({@link JobState#settledAfterCrash}), and an unfinished run ends ERRORED. A
 * record that cannot be settled is logged and left for the next start; it never keeps the server from starting.
 */
public final class RunRecovery {
    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private final RunRepository runs;
    private final RunLedger ledger;
    private final Function<Run, Optional<PipelineSpec>> specOf;
    private final BiConsumer<Run, PipelineSpec> resume;

    /** {@code resume}: starts a queued run again (the engine's submit). */
    public RunRecovery(RunRepository runs, RunLedger ledger, Function<Run, Optional<PipelineSpec>> specOf,
                       BiConsumer<Run, PipelineSpec> resume) {
        this.runs = runs;
        this.ledger = ledger;
        this.specOf = specOf;
        this.resume = resume;
    }

    /** Settles every unsettled run; returns how many could not be settled (each one logged). */
    public int run() {
        List<Run> unsettled;
        try {
            unsettled = runs.unfinished();
        } catch (RuntimeException e) {
            log.error("cannot list the runs a crash may have left unsettled; they stay as they are until the next "
                    + "start", e);
            return 1;
        }
        int failures = 0;
        for (Run run : unsettled) {
            try {
                failures += settle(run);
            } catch (RuntimeException e) {
                log.error("{} run #{}: could not be settled after the restart; it is tried again on the next start: {}",
                        run.app(), run.number(), e.toString());
                failures++;
            }
        }
        return failures;
    }

    private int settle(Run run) {
        List<JobRun> jobs = runs.jobs(run.app(), run.number());
        String why = "Slipway stopped while this run was " + run.state().name().toLowerCase() + "; push again to retry";
        if (run.state() == RunState.QUEUED && jobs.stream().allMatch(j -> j.state() == JobState.QUEUED)) {
            Optional<PipelineSpec> spec = specOf.apply(run);
            if (spec.isPresent()) {
                resume.accept(run, spec.get());
                return 0;
            }
            why = "the pipeline file of this queued run can no longer be read; push again to retry";
        }
        int failures = 0;
        for (JobRun job : jobs) {
            failures += settle(run, job);
        }
        RunState to = run.state().settledAfterCrash();
        if (to != run.state()
                && !ledger.move(RunLedger.SLIPWAY, run.app(), run.number(), run.state(), to, why)) {
            log.warn("{} run #{}: it was no longer {} when it was to be settled", run.app(), run.number(), run.state());
        }
        return failures;
    }

    private int settle(Run run, JobRun job) {
        JobState to = job.state().settledAfterCrash();
        if (to == job.state()) {
            return 0;
        }
        try {
            String error = to == JobState.ERRORED ? "Slipway stopped while this job ran" : null;
            runs.moveJob(run.app(), run.number(), job.name(), job.state(), to, ledger.clock().instant(), null, error);
            return 0;
        } catch (RuntimeException e) {
            log.error("{} run #{} job {}: could not be settled from {} to {} after the restart; it is tried again on "
                    + "the next start: {}", run.app(), run.number(), job.name(), job.state(), to, e.toString());
            return 1;
        }
    }
}
