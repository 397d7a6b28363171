package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How the artifact runs as a process: the command, where to check its health, how long it may take to start, how
 * long it is given to shut down once asked to (SIGTERM, then SIGKILL after {@code stopGrace}), the path probed
 * once it serves ({@code liveness}; {@code health} is the readiness path that must answer before it goes live), and
 * what happens when it stops while running ({@code restart}; an environment may override it).
 */
public record ServiceSpec(String command, String health, Duration startTimeout, Duration stopGrace, String liveness,
                          RestartPolicy restart) {
    public static final String DEFAULT_HEALTH = "/";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
    /** As long as Spring Boot's graceful shutdown waits by default, so a JVM service finishes its requests. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);
    /** The command of an image's service when the file names none: the image's own entrypoint and cmd. */
    public static final String IMAGE_COMMAND = "";

    public ServiceSpec {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(restart, "restart");
        stopGrace = stopGrace == null ? DEFAULT_STOP_GRACE : stopGrace;
        liveness = liveness == null ? health : liveness;
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative: " + stopGrace);
        }
    }

    /** How an image runs when the file has no {@code service:}: its own command, the default health path and timings. */
    public static ServiceSpec ofImage() {
        return new ServiceSpec(IMAGE_COMMAND, DEFAULT_HEALTH, DEFAULT_START_TIMEOUT);
    }

    /** The default stop grace and restart policy, and the health path probed for liveness too. */
    public ServiceSpec(String command, String health, Duration startTimeout) {
        this(command, health, startTimeout, null, null, RestartPolicy.DEFAULT);
    }

    /** The default restart policy. */
    public ServiceSpec(String command, String health, Duration startTimeout, Duration stopGrace, String liveness) {
        this(command, health, startTimeout, stopGrace, liveness, RestartPolicy.DEFAULT);
    }

    /** The default stop grace, and the health path probed for liveness too. */
    public ServiceSpec(String command, String health, Duration startTimeout, RestartPolicy restart) {
        this(command, health, startTimeout, null, null, restart);
    }
}
