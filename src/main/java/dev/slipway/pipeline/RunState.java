package dev.slipway.pipeline;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a run. FAILED is the user's (a step exited non-zero, the pipeline file is invalid);
 * ERRORED is ours (the server crashed, a workspace could not be made).
 */
public enum RunState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, ERRORED, CANCELLED;

    /** The allowed moves; QUEUED may finish directly when the file is invalid or the artifact is reused. */
    public Set<RunState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, SUCCEEDED, FAILED, ERRORED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, ERRORED, CANCELLED);
            case SUCCEEDED, FAILED, ERRORED, CANCELLED -> EnumSet.noneOf(RunState.class);
        };
    }

    public boolean canMoveTo(RunState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** What a run a crash left in this state becomes when it cannot be resumed: an unfinished one is ERRORED. */
    public RunState settledAfterCrash() {
        return isFinal() ? this : ERRORED;
    }

    public RunState checkMoveTo(RunState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a run cannot move from " + this + " to " + target);
        }
        return target;
    }
}
