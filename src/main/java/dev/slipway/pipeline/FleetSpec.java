package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * How an environment bound to several targets is rolled out and kept there: {@code rollout: parallel | one_by_one}
 * (one_by_one by default where the environment is protected, parallel elsewhere), {@code max_unavailable} (how many
 * targets one_by_one updates at a time, default 1) and {@code converge_interval} (how often every target is compared
 * with the environment's release and brought back to it, default 30 s).
 */
public record FleetSpec(Optional<RolloutMode> rollout, int maxUnavailable, Duration convergeInterval) {
    public static final Duration DEFAULT_CONVERGE_INTERVAL = Duration.ofSeconds(30);
    public static final FleetSpec DEFAULT = new FleetSpec(Optional.empty(), 1, DEFAULT_CONVERGE_INTERVAL);

    public FleetSpec {
        rollout = rollout == null ? Optional.empty() : rollout;
        if (maxUnavailable < 1) {
            throw new IllegalArgumentException("max_unavailable must be at least 1, got " + maxUnavailable);
        }
        if (convergeInterval == null || convergeInterval.isNegative() || convergeInterval.isZero()) {
            throw new IllegalArgumentException("converge_interval must be positive, got " + convergeInterval);
        }
    }

    /** The rollout mode in force: the file's, else one_by_one for a protected environment, parallel otherwise. */
    public RolloutMode modeFor(boolean isProtected) {
        return rollout.orElse(isProtected ? RolloutMode.ONE_BY_ONE : RolloutMode.PARALLEL);
    }

    /** How many of {@code targets} are updated at once. */
    public int batchOf(int targets, boolean isProtected) {
        return modeFor(isProtected) == RolloutMode.PARALLEL ? Math.max(1, targets) : Math.min(maxUnavailable, Math.max(1, targets));
    }
}
