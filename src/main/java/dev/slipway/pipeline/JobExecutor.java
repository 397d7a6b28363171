package dev.slipway.pipeline;

import java.nio.file.Path;
import java.util.Map;

/** Runs one job's steps in its workspace. Implementations live in the runner package. */
public interface JobExecutor {

    record Context(Run run, StageSpec stage, JobSpec job, Path workspace, Map<String, String> env,
                   LogStore.Writer log, Cancellation cancellation) {}

    /** The job's outcome: SUCCEEDED, FAILED (a step's fault), CANCELLED, or ERRORED (ours). */
    record Outcome(JobState state, Integer exitCode, String error) {}

    Outcome execute(Context context);
}
