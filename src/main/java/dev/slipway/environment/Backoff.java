package dev.slipway.environment;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the {@link Supervisor} waits before restarting a service that stopped: {@code first}, doubled for each
 * restart since (1 s, 2 s, 4 s, ...) up to {@code cap}; a service that then stays healthy for {@code resetAfter}
 * starts over at {@code first}, so one crash a day is not treated as a crash loop.
 */
public record Backoff(Duration first, Duration cap, Duration resetAfter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(60));

    public Backoff {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0 || resetAfter.isNegative()) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= cap and resetAfter >= 0, got " + first
                    + ", " + cap + ", " + resetAfter);
        }
    }

    /** The wait before restart number {@code attempt} (0: the first since the service was last healthy a while). */
    public Duration delay(int attempt) {
        Duration delay = first;
        for (int i = 0; i < attempt && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }

    /** Whether a service healthy since {@code healthySince} has been so long enough that its restarts are forgiven. */
    public boolean forgives(Instant healthySince, Instant now) {
        return !healthySince.plus(resetAfter).isAfter(now);
    }
}
