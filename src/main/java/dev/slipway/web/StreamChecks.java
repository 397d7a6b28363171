package dev.slipway.web;

import dev.slipway.Problem;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open event streams pass the door again every few seconds ({@link Routes#recheck}): a stream whose token was
 * revoked or expired, or whose caller lost the role, is ended. The door is checked once per request, and a stream
 * is one request that may stay open for hours.
 */
public final class StreamChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamChecks.class);

    /** An open stream: the request it came with, and how to end it (given why). */
    private record Watched(Context ctx, Consumer<String> end) {}

    private final Set<Watched> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Timers.single("slipway-stream-checks");

    StreamChecks(Duration every) {
        timer.scheduleWithFixedDelay(this::checkAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Watches the stream of {@code ctx} (a request that passed the door) until it may no longer pass: then
     * {@code end} is called, once, with the door's reason. Returns what stops the watching: call it when the
     * stream closes.
     */
    public Runnable watch(Context ctx, Consumer<String> end) {
        Watched watched = new Watched(ctx, end);
        streams.add(watched);
        return () -> streams.remove(watched);
    }

    private void checkAll() {
        for (Watched stream : streams) {
            try {
                Routes.recheck(stream.ctx());
            } catch (Problem refused) {
                if (streams.remove(stream)) {
                    stream.end().accept(refused.getMessage());
                }
            } catch (RuntimeException e) {
                // our failure (the database away), not the caller's: the stream stays, the next check decides
                LOG.warn("cannot re-check an open stream's caller: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        streams.clear();
    }
}
