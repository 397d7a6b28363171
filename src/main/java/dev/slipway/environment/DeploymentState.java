package dev.slipway.environment;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a deployment. LIVE: the router sends the environment's traffic to it. RETIRED: a newer
 * deployment replaced it. FAILED: the user's service did not become healthy; ERRORED: we failed (crash, I/O).
 */
public enum DeploymentState {
    QUEUED, DEPLOYING, LIVE, RETIRED, FAILED, ERRORED, CANCELLED;

    public Set<DeploymentState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(DEPLOYING, CANCELLED, ERRORED);
            case DEPLOYING -> EnumSet.of(LIVE, FAILED, ERRORED);
            case LIVE -> EnumSet.of(RETIRED);
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
