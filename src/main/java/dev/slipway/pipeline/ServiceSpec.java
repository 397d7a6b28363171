package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Objects;

/** How the artifact runs as a process: the command, where to check its health, how long it may take to start. */
public record ServiceSpec(String command, String health, Duration startTimeout) {
    public static final String DEFAULT_HEALTH = "/";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    public ServiceSpec {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(startTimeout, "startTimeout");
    }
}
