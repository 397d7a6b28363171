package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.Cell;
import dev.slipway.process.ProcessTree;
import dev.slipway.process.Redirect;
import dev.slipway.process.Sandbox;
import dev.slipway.process.Spawned;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's steps as local processes in the {@link Sandbox}, each `bash -c` in its own process group so a timeout
 * or a cancel kills everything the step started. The job's timeout covers all its steps together. The job's HOME and
 * /tmp are {@value #OWN} in its workspace, shared by its steps and removed after the last one, so they never
 * reach the artifact. The job's declared caches are copied in before its first step and saved after its last one
 * when all succeeded ({@link dev.slipway.pipeline.BuildCache}).
 */
public final class LocalJobExecutor implements JobExecutor {
    static final String OWN = ".slipway-job";
    static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobExecutor.class);
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);

    private final Sandbox sandbox;

    public LocalJobExecutor(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public Outcome execute(Context context) {
        Path own = context.workspace().resolve(OWN);
        Cell cell = new Cell(context.workspace(), own.resolve("home"), own.resolve("tmp"), Cell.Lifetime.ENDS_WITH_SERVER);
        try {
            try {
                context.cache().restore(cell.home(), context.workspace(), context.log());
            } catch (IOException e) {
                String error = "cannot restore the job's cache: " + e.getMessage();
                context.log().note("slipway: " + error);
                return new Outcome(JobState.ERRORED, null, error);
            }
            Outcome outcome = runSteps(context, cell);
            if (outcome.state() == JobState.SUCCEEDED) {
                context.cache().save(cell.home(), context.workspace(), context.log()); // every step's process is gone
            }
            return outcome;
        } finally {
            deleteQuietly(own);
        }
    }

    private Outcome runSteps(Context context, Cell cell) {
        Instant deadline = Instant.now().plus(context.job().timeout());
        int stepNumber = 0;
        for (StepSpec step : context.job().steps()) {
            stepNumber++;
            context.log().note("$ " + step.run().replace("\n", "\n  "));
            Outcome outcome;
            try {
                outcome = runStep(context, cell, step, deadline);
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
    private Outcome runStep(Context context, Cell cell, StepSpec step, Instant deadline)
            throws IOException, InterruptedException {
        Spawned process = sandbox.start(step.run(), cell, withJavaHome(context.env(), cell),
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
            // whatever the outcome, nothing the step started outlives it (in the sandbox its PID namespace is gone
            // already; unconfined, this sweep of its group and session is all there is)
            ProcessTree.kill(process.id(), KILL_GRACE);
        }
    }

    /**
     * A JVM takes {@code user.home} from the password file, not from HOME: without this, Maven and Gradle in a job
     * would look for {@code ~/.m2} and {@code ~/.gradle} in the server user's home (hidden by the sandbox) instead of
     * the job's own, where its declared caches are. A job that sets JAVA_TOOL_OPTIONS itself keeps its own.
     */
    static Map<String, String> withJavaHome(Map<String, String> env, Cell cell) {
        if (env.containsKey(JAVA_TOOL_OPTIONS)) {
            return env;
        }
        Map<String, String> withHome = new LinkedHashMap<>(env);
        withHome.put(JAVA_TOOL_OPTIONS, "-Duser.home=" + cell.home());
        return withHome;
    }

    private static void deleteQuietly(Path dir) {
        try {
            dev.slipway.Trees.delete(dir);
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("cannot remove the job's own HOME and /tmp {}: {}", dir, e.getMessage());
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
