package dev.slipway;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping background work (timers, pools) before what it uses is closed: no new tasks, running ones interrupted
 * and waited for. Without the wait a task still running would meet a closed database.
 */
public final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);
    /** Long enough for a task to finish what it began (a query, a process stop); a stuck one is named, not waited for. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    private Background() {
    }

    /** Shuts {@code pool} down and waits (up to a bound) for its running tasks; returns whether they all ended. */
    public static boolean stop(String name, ExecutorService pool) {
        pool.shutdownNow();
        try {
            if (pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("{}: still busy {} s after it was asked to stop; stopping without it", name, PATIENCE.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for it to stop", name);
        }
        return false;
    }
}
