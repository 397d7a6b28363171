package dev.slipway.web.sse;

import dev.slipway.web.StreamChecks;

import dev.slipway.pipeline.LogFollower;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a run's log over Server-Sent Events: a `line` event per log line as it is written, then one `end`
 * event with the run's final state. Ends by itself when the run ends or the client goes away, and with a `denied`
 * event (the door's reason) when the caller may no longer read it (see {@link StreamChecks}).
 */
public final class LogStream {
    private static final long POLL_MILLIS = 100;
    private static final long KEEPALIVE_MILLIS = 15_000;

    private final RunRepository runs;
    private final LogStore logs;
    private final StreamChecks checks;

    public LogStream(RunRepository runs, LogStore logs, StreamChecks checks) {
        this.runs = runs;
        this.logs = logs;
        this.checks = checks;
    }

    public void follow(Context ctx, Run run) throws IOException, InterruptedException {
        AtomicReference<String> denied = new AtomicReference<>();
        Runnable unwatch = checks.watch(ctx, denied::set);
        try {
            follow(ctx, run, denied);
        } finally {
            unwatch.run();
        }
    }

    private void follow(Context ctx, Run run, AtomicReference<String> denied) throws IOException, InterruptedException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        LogFollower follower = logs.follow(runs.jobs(run.app(), run.number()));
        long quietSince = System.currentTimeMillis();
        while (true) {
            if (denied.get() != null) {
                event(out, "denied", denied.get());
                out.flush();
                return;
            }
            Run now = runs.find(run.app(), run.number()).orElseThrow();
            List<String> lines = follower.poll(); // after reading the state, so nothing written before the end is missed
            for (String line : lines) {
                event(out, "line", line);
            }
            if (now.state().isFinal()) {
                if (now.error() != null) {
                    event(out, "line", "slipway: run #" + now.number() + " " + now.state() + ": " + now.error());
                }
                event(out, "end", "{\"state\":\"" + now.state() + "\"}");
                out.flush();
                return;
            }
            if (!lines.isEmpty()) {
                out.flush();
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince > KEEPALIVE_MILLIS) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush(); // a gone client surfaces here as an IOException, which ends the stream
                quietSince = System.currentTimeMillis();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        StringBuilder b = new StringBuilder("event: ").append(name).append('\n');
        for (String part : data.split("\n", -1)) {
            b.append("data: ").append(part).append('\n');
        }
        b.append('\n');
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
