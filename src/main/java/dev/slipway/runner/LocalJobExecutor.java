package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.ProcessTree;
import dev.slipway.process.Redirect;
import dev.slipway.process.Spawned;
import dev.slipway.process.Spawner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a job's steps as local processes, each `bash -c` in its own process group so a timeout or a cancel
 * kills everything the step started. The job's timeout covers all its steps together.
 */
public final class LocalJobExecutor implements JobExecutor {
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);

    @Override
    public Outcome execute(Context context) {
        Instant deadline = Instant.now().plus(context.job().timeout());
        int stepNumber = 0;
        for (StepSpec step : context.job().steps()) {
            stepNumber++;
            context.log().note("$ " + step.run().replace("\n", "\n  "));
            Outcome outcome;
            try {
                outcome = runStep(context, step, deadline);
            } catch (IOException e) {
                return new Outcome(JobState.ERRORED, null, "cannot start step " + stepNumber + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(JobState.ERRORED, null, "interrupted while step " + stepNumber + " ran");
            }
            if (outcome != null) {
                context.log().note("slipway: " + outcome.error());
                return outcome;
            }
        }
        return new Outcome(JobState.SUCCEEDED, 0, null);
    }

    /** Returns null when the step succeeded, else the job's outcome. */
    private Outcome runStep(Context context, StepSpec step, Instant deadline) throws IOException, InterruptedException {
        Spawned process = Spawner.start(step.run(), context.workspace(), context.env(),
                new Redirect.ToLines(context.log()::line));
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable forget = context.cancellation().onCancel(() -> {
            cancelled.set(true);
            ProcessTree.kill(process.id(), KILL_GRACE);
        });
        try {
            Duration left = Duration.between(Instant.now(), deadline);
            OptionalInt exit = process.waitFor(left.isNegative() ? Duration.ZERO : left);
            if (exit.isEmpty()) {
                ProcessTree.kill(process.id(), KILL_GRACE);
                process.waitFor();
                return new Outcome(JobState.FAILED, null, "timed out after " + human(context.job().timeout())
                        + " in step '" + step.name() + "'; the step and every process it started were killed "
                        + "(raise the job's `timeout:` if it needs longer)");
            }
            if (cancelled.get()) {
                return new Outcome(JobState.CANCELLED, exit.getAsInt(), "cancelled");
            }
            if (exit.getAsInt() != 0) {
                return new Outcome(JobState.FAILED, exit.getAsInt(),
                        "step '" + step.name() + "' exited with code " + exit.getAsInt());
            }
            return null;
        } finally {
            forget.run();
        }
    }

    static String human(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
