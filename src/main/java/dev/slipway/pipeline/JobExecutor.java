package dev.slipway.pipeline;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one job's steps in its workspace. Implementations live in the runner package; each one keeps these promises
 * (checked for every implementation by one contract suite, {@code JobExecutorContract} in the tests):
 * <ul>
 *   <li>the steps run in order in the workspace, with the context's environment and nothing of the server's; each is
 *       announced in the log ({@code $ command}) before its output, which reaches the log a line at a time;</li>
 *   <li>the first step that exits non-zero ends the job FAILED with its exit code; the later steps do not run;</li>
 *   <li>the job's timeout covers all its steps together; past it the job ends FAILED without an exit code;</li>
 *   <li>a cancel ends the job CANCELLED, also one cancelled before it started;</li>
 *   <li>when the job ends nothing it started runs on, background processes included, and nothing of the
 *       executor's own is left in the workspace;</li>
 *   <li>a job that did not succeed says why in the outcome's error, which is also the log's last line.</li>
 * </ul>
 * The context's {@link JobCache} is restored before the first step and saved only when every step succeeded (the
 * local executor does; {@code BuildCacheE2ETest} checks it end to end, not the contract suite).
 */
public interface JobExecutor {

    /** {@code cache}: the job's declared caches, restored before its first step and saved when all succeeded. */
    record Context(Run run, StageSpec stage, JobSpec job, Path workspace, Map<String, String> env,
                   LogStore.Writer log, Cancellation cancellation, JobCache cache) {
        public Context(Run run, StageSpec stage, JobSpec job, Path workspace, Map<String, String> env,
                       LogStore.Writer log, Cancellation cancellation) {
            this(run, stage, job, workspace, env, log, cancellation, JobCache.NONE);
        }
    }

    /** The job's outcome: SUCCEEDED, FAILED (a step's fault), CANCELLED, or ERRORED (ours). */
    record Outcome(JobState state, Integer exitCode, String error) {}

    Outcome execute(Context context);
}
