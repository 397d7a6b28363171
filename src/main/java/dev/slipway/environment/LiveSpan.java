package dev.slipway.environment;

import java.time.Instant;
import java.util.Optional;

/**
 * How long a deployment served its environment: from when it went live until it was retired (LIVE: still
 * serving; WARM or RETIRED: swapped or replaced). What the from and soak gates of a promotion read.
 */
public record LiveSpan(String app, String environment, long id, DeploymentState state, Instant since,
                       Instant retiredAt) {
    /** When it started serving, if that was recorded. */
    public Optional<Instant> liveSince() {
        return Optional.ofNullable(since);
    }
}
