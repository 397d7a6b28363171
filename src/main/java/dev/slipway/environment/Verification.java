package dev.slipway.environment;

import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.Cell;
import dev.slipway.process.ProcessTree;
import dev.slipway.process.Redirect;
import dev.slipway.process.Sandbox;
import dev.slipway.process.Spawned;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs an environment's {@code verify} steps against a started but not yet live deployment, one after another in
 * the deployment's directory. The first step that fails (or outlasts {@link #STEP_TIMEOUT}) ends it; its last
 * output lines, with secrets hidden, become the reason recorded on the deployment.
 */
final class Verification {
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);
    private static final int LAST_LINES = 20;

    private Verification() {}

    /** Empty when every step passed; else why the deployment failed. */
    static Optional<String> run(Sandbox sandbox, List<StepSpec> steps, Path dir, Map<String, String> vars,
                                UnaryOperator<String> mask, Consumer<String> log) {
        // the service's directory, HOME and /tmp, but ended with the server like a job
        Cell cell = Cell.homeInDirectory(dir, Cell.Lifetime.ENDS_WITH_SERVER);
        for (StepSpec step : steps) {
            Deque<String> last = new ArrayDeque<>();
            Consumer<String> sink = line -> {
                String shown = mask.apply(line);
                log.accept("[verify " + step.name() + "] " + shown);
                synchronized (last) {
                    last.addLast(shown);
                    if (last.size() > LAST_LINES) {
                        last.removeFirst();
                    }
                }
            };
            String outcome;
            try {
                Spawned spawned = sandbox.start(step.run(), cell, vars, new Redirect.ToLines(sink));
                OptionalInt exit;
                try {
                    exit = spawned.waitFor(STEP_TIMEOUT);
                } finally {
                    ProcessTree.kill(spawned.id(), Duration.ofSeconds(2)); // the step and all it left behind
                }
                if (exit.isEmpty()) {
                    outcome = "did not finish within " + STEP_TIMEOUT.toMinutes() + " minutes";
                } else if (exit.getAsInt() != 0) {
                    outcome = "exited with code " + exit.getAsInt();
                } else {
                    continue;
                }
            } catch (IOException e) {
                outcome = "could not be started: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = "was interrupted (Slipway is stopping)";
            }
            String tail;
            synchronized (last) {
                tail = String.join("\n", last);
            }
            return Optional.of("verify step '" + step.name() + "' " + outcome + "; the new version was stopped and"
                    + " traffic stayed on the previous one" + (tail.isEmpty() ? "" : "; its last output:\n" + tail));
        }
        return Optional.empty();
    }
}
