package dev.slipway.web.sse;

import io.javalin.http.sse.SseClient;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to open pages' event streams so that no page holds up another. Whoever has something for a page queues
 * it in the page's outbox and goes on; one writer thread (the lane) writes the outboxes, one page after another. A
 * page that stops reading (a laptop gone to sleep with the tab open) blocks the lane's write to it: after
 * {@link #STALL_NANOS}, {@link #unstick()} hangs up on that page and starts a new lane for the others (closing a
 * response does not free a write blocked on it; the old lane is left to Jetty). A page whose outbox would grow past
 * its limit is hung up on too. Browsers reconnect by themselves.
 */
final class PageWriters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageWriters.class);
    /** A write to a page that has not returned after this long: the page stopped reading. */
    static final long STALL_NANOS = 5_000_000_000L;

    /** Threads that hang up on pages (rarely more than one at a time; idle ones end after a minute). */
    private static final ExecutorService CLOSERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slipway-page-hangup");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    /** Pages with something to write, each in line once. */
    private final LinkedBlockingQueue<Page> ready = new LinkedBlockingQueue<>();
    private volatile Lane lane;

    /** {@code name} names the lane's thread. */
    PageWriters(String name) {
        this.name = name;
        startLane();
    }

    /** Something to write to a page, and about how many bytes it is. */
    private record Out(long size, Consumer<SseClient> write) {}

    /** An open page's stream and its outbox (shared with the lane, under the page's lock). */
    final class Page {
        final SseClient client;
        private final long maxPending;
        private final ArrayDeque<Out> outbox = new ArrayDeque<>();
        private long pending;
        private boolean queued;
        private boolean gone;

        private Page(SseClient client, long maxPending) {
            this.client = client;
            this.maxPending = maxPending;
        }

        /** Queues a write of about {@code size} bytes; a page that would have more than its limit waiting is hung up on. */
        void send(long size, Consumer<SseClient> write) {
            synchronized (this) {
                if (gone) {
                    return;
                }
                if (pending + size <= maxPending) {
                    outbox.add(new Out(size, write));
                    pending += size;
                    if (!queued) {
                        queued = true;
                        ready.add(this);
                    }
                    return;
                }
            }
            hangUp(); // not reading
        }

        /** How many bytes wait for this page. */
        synchronized long pending() {
            return pending;
        }

        /** Whether it was hung up on or the page closed its stream. */
        synchronized boolean gone() {
            return gone || client.terminated();
        }

        /** Closes the page's stream (off the caller's thread: closing may wait for the page, it flushes). */
        void hangUp() {
            synchronized (this) {
                gone = true;
                outbox.clear();
                pending = 0;
            }
            CLOSERS.execute(() -> {
                try {
                    client.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing a page's event stream", e);
                }
            });
        }

        /** Writes what is queued until the outbox is empty (on the lane); a failed write hangs up. */
        private void drain(Lane lane) {
            while (true) {
                Out out;
                synchronized (this) {
                    if (!gone && lane.retired) {
                        ready.add(this); // still in line, for the lane that replaced this one
                        return;
                    }
                    out = gone ? null : outbox.poll();
                    if (out == null) {
                        queued = false;
                        return;
                    }
                    pending -= out.size();
                }
                lane.writing(this);
                try {
                    out.write().accept(client);
                } catch (RuntimeException e) {
                    hangUp(); // the page went away
                    return;
                } finally {
                    lane.writing(null);
                }
            }
        }
    }

    /** A page's stream, with at most {@code maxPending} bytes waiting for it. */
    Page page(SseClient client, long maxPending) {
        return new Page(client, maxPending);
    }

    /** Call regularly: a page the lane is stuck writing to is hung up on, and a new lane writes to the others. */
    void unstick() {
        Page stalled = lane.stalled();
        if (stalled != null) {
            if (!stalled.gone()) {
                LOG.info("a page took nothing from its {} stream for {} s: hung up on it", name,
                        TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS));
            }
            lane.retired = true;
            stalled.hangUp();
            startLane();
        }
    }

    private void startLane() {
        lane = new Lane();
        Thread thread = new Thread(lane, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The thread that writes pages' outboxes, one page after another, until it is retired. */
    private final class Lane implements Runnable {
        volatile boolean retired;
        private volatile Page current;
        private volatile long since;

        void writing(Page page) {
            since = System.nanoTime();
            current = page;
        }

        /** The page this lane has been writing to for longer than {@link #STALL_NANOS}, if any. */
        Page stalled() {
            Page page = current;
            return page != null && System.nanoTime() - since > STALL_NANOS ? page : null;
        }

        @Override
        public void run() {
            try {
                while (!retired) {
                    Page page = ready.poll(1, TimeUnit.SECONDS);
                    if (page != null) {
                        page.drain(this); // hands it over at once if this lane was retired meanwhile
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down
            }
        }
    }

    @Override
    public void close() {
        lane.retired = true;
    }
}
