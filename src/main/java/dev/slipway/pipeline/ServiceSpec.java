package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How the artifact runs as a process: the command, where to check its health, how long it may take to start, and
 * what happens when it stops while running ({@code restart}; an environment may override it).
 */
public record ServiceSpec(String command, String health, Duration startTimeout, RestartPolicy restart) {
    public static final String DEFAULT_HEALTH = "/";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public ServiceSpec {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(restart, "restart");
    }

    /** A service with the default restart policy. */
    public ServiceSpec(String command, String health, Duration startTimeout) {
        this(command, health, startTimeout, RestartPolicy.DEFAULT);
    }
}
