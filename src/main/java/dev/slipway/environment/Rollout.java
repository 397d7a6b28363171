package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Strategy;
import dev.slipway.pipeline.SwapMode;
import java.time.Duration;

/**
 * How a new version replaces the live one. Recreate: start it, then move the router and stop the old one.
 * Blue/green: start it in the idle slot; it goes READY and waits for a swap unless {@code autoSwap}; the version
 * swapped away stays WARM for {@code keepWarm} so swapping back is instant.
 */
public record Rollout(boolean blueGreen, boolean autoSwap, Duration keepWarm) {
    public static final Duration DEFAULT_KEEP_WARM = Duration.ofMinutes(10);
    public static final Rollout RECREATE = new Rollout(false, true, Duration.ZERO);

    public static Rollout of(EnvironmentSpec env) {
        if (env.strategy() != Strategy.BLUEGREEN) {
            return RECREATE;
        }
        return new Rollout(true, env.swap() == SwapMode.AUTO, env.keepWarm().orElse(DEFAULT_KEEP_WARM));
    }
}
