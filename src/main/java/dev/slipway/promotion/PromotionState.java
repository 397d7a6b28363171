package dev.slipway.promotion;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a promotion. PENDING waits for its gates; APPROVED has passed them all and is about to deploy.
 * FAILED: the user's service did not come up in the environment; ERRORED: we failed (a crash, the deployment
 * could not be started). REJECTED by a person, CANCELLED by Slipway (a newer promotion superseded it).
 */
public enum PromotionState {
    PENDING, APPROVED, DEPLOYING, SUCCEEDED, FAILED, ERRORED, REJECTED, CANCELLED;

    public Set<PromotionState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(APPROVED, REJECTED, CANCELLED);
            case APPROVED -> EnumSet.of(DEPLOYING, CANCELLED);
            case DEPLOYING -> EnumSet.of(SUCCEEDED, FAILED, ERRORED);
            case SUCCEEDED, FAILED, ERRORED, REJECTED, CANCELLED -> EnumSet.noneOf(PromotionState.class);
        };
    }

    public boolean canMoveTo(PromotionState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    public PromotionState checkMoveTo(PromotionState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a promotion cannot move from " + this + " to " + target);
        }
        return target;
    }
}
