package dev.slipway.pipeline;

import java.util.ArrayList;
import java.util.List;

/** A run's cancel switch: a job registers what to kill; cancelling runs every registered action once. */
public final class Cancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs the action now if already cancelled; returns a handle that forgets it. */
    public Runnable onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> forget(action);
            }
        }
        action.run();
        return () -> { };
    }

    private synchronized void forget(Runnable action) {
        actions.remove(action);
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }
}
