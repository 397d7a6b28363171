package dev.slipway.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * What the content store keeps beyond what is live, deployed or tagged: the artifacts of the newest
 * {@code keepPerBranch} runs of each branch of each app, and anything younger than {@code keepAge}
 * (--keep-per-branch, --keep-age).
 */
public record RetentionPolicy(int keepPerBranch, Duration keepAge) {
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(10, Duration.ofDays(14));

    public RetentionPolicy {
        if (keepPerBranch < 0) {
            throw new IllegalArgumentException("--keep-per-branch must be 0 or more, got " + keepPerBranch);
        }
        if (keepAge == null || keepAge.isNegative()) {
            throw new IllegalArgumentException("--keep-age must be a duration of 0 or more, like 14d, got " + keepAge);
        }
    }

    /** Anything stored or recorded at or after this instant is young enough to keep. */
    public Instant cutoff(Instant now) {
        return now.minus(keepAge);
    }
}
