package dev.slipway.web.sse;

import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.web.AnsiHtml;
import dev.slipway.web.StreamChecks;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Follows a run's log over Server-Sent Events for the API ({@code slipway logs -f}): a `line` event per log line as
 * it is written (tagged with its stage and job, masked), then one `end` event with the run's final state. Ends by
 * itself when the run ends or the client goes away, and with a `denied` event (the door's reason) when the caller
 * may no longer read it (see {@link StreamChecks}). The logs are read by {@link LogTails}, as for every other
 * follower; the request's thread only writes what it is given.
 */
public final class LogStream {
    private static final long WAIT_MILLIS = 100;
    private static final long KEEPALIVE_MILLIS = 15_000;
    /**
     * How long a write may wait for a client that stopped reading (`slipway logs -f | less`, paused while the user
     * reads) before the connection is given up: far longer than the server's 30 s idle timeout, which would
     * otherwise hang up on every pause of half a minute.
     */
    private static final long PAUSED_READER_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final RunRepository runs;
    private final LogStore logs;
    private final LogTails tails;
    private final StreamChecks checks;

    public LogStream(RunRepository runs, LogStore logs, LogTails tails, StreamChecks checks) {
        this.runs = runs;
        this.logs = logs;
        this.tails = tails;
        this.checks = checks;
    }

    public void follow(Context ctx, Run run) throws IOException, InterruptedException {
        AtomicReference<String> denied = new AtomicReference<>();
        Runnable unwatch = checks.watch(ctx, denied::set);
        Follow follow = new Follow(run);
        boolean keep = AnsiHtml.keepEscapes(ctx);
        for (JobRun job : runs.jobs(run.app(), run.number())) {
            follow.watchers.put(job, follow.new JobWatcher(logs.runLine(job, keep)));
        }
        tails.follow(follow);
        try {
            write(ctx, follow, denied);
        } finally {
            tails.unfollow(follow);
            unwatch.run();
        }
    }

    /**
     * Follows one log for the API ({@code slipway logs APP --env ENV -f}): a `line` event per line from byte
     * {@code from} (each through {@code line}: masked), then `end` with the state it ended in. Read by the tails
     * as a run's logs are, so a slow reader falls behind and is never hung up on.
     */
    public void follow(Context ctx, FollowedLog log, long from, UnaryOperator<String> line)
            throws IOException, InterruptedException {
        AtomicReference<String> denied = new AtomicReference<>();
        Runnable unwatch = checks.watch(ctx, denied::set);
        Follow follow = new Follow();
        LogWatcher watcher = follow.new WholeLogWatcher(line, from);
        Runnable unfollow = tails.follow(log, watcher);
        try {
            write(ctx, follow, denied);
        } finally {
            unfollow.run();
            unwatch.run();
        }
    }

    private static void write(Context ctx, Follow follow, AtomicReference<String> denied)
            throws IOException, InterruptedException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        allowPausedReader(ctx);
        OutputStream out = ctx.res().getOutputStream();
        long quietSince = System.currentTimeMillis();
        while (!follow.hungUp) {
            if (denied.get() != null) {
                out.write(event("denied", denied.get()).getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            String next = follow.events.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (next == null) {
                if (System.currentTimeMillis() - quietSince > KEEPALIVE_MILLIS) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush(); // a gone client surfaces here as an IOException, which ends the stream
                    quietSince = System.currentTimeMillis();
                }
                continue;
            }
            for (; next != null; next = follow.events.poll()) {
                if (next == Follow.END) {
                    out.flush();
                    return;
                }
                out.write(next.getBytes(StandardCharsets.UTF_8));
                follow.pending.addAndGet(-next.length());
            }
            out.flush();
            quietSince = System.currentTimeMillis();
        }
    }

    private static void allowPausedReader(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null) {
            request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(PAUSED_READER_MILLIS);
        }
    }

    private static String event(String name, String data) {
        StringBuilder b = new StringBuilder("event: ").append(name).append('\n');
        for (String part : data.split("\n", -1)) {
            b.append("data: ").append(part).append('\n');
        }
        return b.append('\n').toString();
    }

    /** A run followed: its jobs' places in their logs, and the events the ticker queued for the request to write. */
    static final class Follow {
        /** Queued last: the stream is done. */
        @SuppressWarnings("StringOperationCanBeSimplified")
        private static final String END = new String("end");

        private final String app;
        private final long number;
        private final Map<JobRun, LogWatcher> watchers = Collections.synchronizedMap(new LinkedHashMap<>());
        private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final AtomicLong pending = new AtomicLong();
        private volatile boolean hungUp;

        private Follow(Run run) {
            this.app = run.app();
            this.number = run.number();
        }

        /** One log followed on its own (no run): it ends when the log does. */
        private Follow() {
            this.app = null;
            this.number = 0;
        }

        String app() {
            return app;
        }

        long number() {
            return number;
        }

        Map<JobRun, LogWatcher> watchers() {
            return watchers;
        }

        /** The run ended and every line of its log was queued: why it failed, if it did, and its final state. */
        void ended(Run run) {
            if (run.error() != null) {
                add(event("line", "slipway: run #" + run.number() + " " + run.state() + ": " + run.error()));
            }
            add(event("end", "{\"state\":\"" + run.state() + "\"}"));
            events.add(END);
        }

        private void add(String event) {
            pending.addAndGet(event.length());
            events.add(event);
        }

        /** One job of the run: each of its lines becomes a `line` event, as the run's log reads it. */
        class JobWatcher extends LogWatcher {
            private final UnaryOperator<String> runLine;

            JobWatcher(UnaryOperator<String> runLine) {
                this(runLine, 0);
            }

            JobWatcher(UnaryOperator<String> runLine, long position) {
                super(position);
                this.runLine = runLine;
            }

            @Override
            boolean full() {
                return pending.get() >= LogTails.FULL;
            }

            @Override
            boolean gone() {
                return hungUp;
            }

            @Override
            void hangUp() {
                hungUp = true;
            }

            @Override
            boolean wholeLog() {
                return true;
            }

            @Override
            void lines(String text, int size, long endOffset) {
                String lines = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                for (String line : lines.split("\n", -1)) {
                    add(event("line", runLine.apply(line)));
                }
            }

            @Override
            void keepAlive() {
                // the stream sends its own when nothing came for a while, whichever job is quiet
            }

            @Override
            void end(String state) {
                // a job's end is not told: the run's is, once every job's log was given
            }
        }

        /** The one log of a stream that follows no run: its end (all of it given) ends the stream. */
        final class WholeLogWatcher extends JobWatcher {
            WholeLogWatcher(UnaryOperator<String> line, long position) {
                super(line, position);
            }

            @Override
            void end(String state) {
                add(event("end", "{\"state\":\"" + state + "\"}"));
                events.add(END);
            }
        }
    }
}
