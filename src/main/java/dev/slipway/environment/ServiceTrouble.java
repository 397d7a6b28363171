package dev.slipway.environment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the {@link Supervisor} found wrong with a running deployment's service and what it does about it: CRASHED
 * (its process is gone and it stays down), UNHEALTHY (it runs but does not answer its health check, and stays so),
 * RESTARTING (it is being started again, {@code nextAttempt} is when). {@code exitCode} is empty when unknown — a
 * process started by an earlier server, or one that still runs; {@code lastLines} are the end of its output,
 * masked.
 */
public record ServiceTrouble(State state, String reason, OptionalInt exitCode, List<String> lastLines, Instant since,
                             int restarts, Optional<Instant> nextAttempt) {
    public enum State { CRASHED, UNHEALTHY, RESTARTING }

    public ServiceTrouble {
        lastLines = List.copyOf(lastLines);
    }

    /** The same trouble, now being restarted (attempt {@code restarts}) at {@code at}. */
    ServiceTrouble restarting(int restarts, Instant at) {
        return new ServiceTrouble(State.RESTARTING, reason, exitCode, lastLines, since, restarts, Optional.of(at));
    }

    /** "exited with code 137", or "exit code unknown". */
    public String exit() {
        return exitCode.isPresent() ? "exit code " + exitCode.getAsInt() : "exit code unknown";
    }
}
