package dev.slipway.web;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The web edge's timers (stream re-checks, live updates, log tails): one named daemon thread each. */
public final class Timers {
    private Timers() {}

    /** A daemon: an open stream's timer never holds the server's process at exit; named, for thread dumps. */
    public static ScheduledExecutorService single(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
