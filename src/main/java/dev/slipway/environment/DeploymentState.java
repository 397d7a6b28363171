package dev.slipway.environment;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a deployment. LIVE: the router sends the environment's traffic to it. RETIRED: a newer
 * deployment replaced it. FAILED: the user's service did not become healthy; ERRORED: we failed (crash, I/O).
 * Blue/green only: READY — healthy and verified in the idle slot, waiting for a swap; WARM — swapped away but
 * still running for {@code keep_warm}, so swapping back is instant.
 */
public enum DeploymentState {
    QUEUED, DEPLOYING, READY, LIVE, WARM, RETIRED, FAILED, ERRORED, CANCELLED;

    public Set<DeploymentState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(DEPLOYING, CANCELLED, ERRORED);
            case DEPLOYING -> EnumSet.of(READY, LIVE, FAILED, ERRORED);
            case READY -> EnumSet.of(LIVE, CANCELLED, ERRORED);
            case LIVE -> EnumSet.of(WARM, RETIRED);
            case WARM -> EnumSet.of(LIVE, RETIRED);
            case RETIRED, FAILED, ERRORED, CANCELLED -> EnumSet.noneOf(DeploymentState.class);
        };
    }

    public boolean canMoveTo(DeploymentState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
