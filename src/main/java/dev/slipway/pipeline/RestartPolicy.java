package dev.slipway.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What happens when a running service stops (its process exits, or it stops answering its health check) outside
 * the {@code watch} window: {@code service: restart:}, which an environment may override.
 */
public enum RestartPolicy {
    /** Restarted unless it exited with code 0 (a clean exit is left alone); the default. */
    ON_FAILURE,
    /** Restarted whatever its exit code. */
    ALWAYS,
    /** Left down: the environment shows CRASHED until someone runs `slipway restart`. */
    NEVER;

    public static final RestartPolicy DEFAULT = ON_FAILURE;

    /** As written in the pipeline file: on-failure, always, never. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(RestartPolicy::word).toList();
    }

    static Optional<RestartPolicy> of(String word) {
        return Arrays.stream(values()).filter(p -> p.word().equals(word)).findFirst();
    }

    /**
     * Whether a service that stopped is started again; {@code exitCode} is empty when it is not known (a process
     * adopted from an earlier server) or when it still runs but stopped answering its health check.
     */
    public boolean restarts(OptionalInt exitCode) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_FAILURE -> exitCode.isEmpty() || exitCode.getAsInt() != 0;
        };
    }
}
