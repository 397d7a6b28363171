package dev.slipway.web.sse;

import dev.slipway.Changes;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import dev.slipway.web.StreamChecks;
import dev.slipway.web.Timers;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Live dashboard pages: each open page holds one Server-Sent Events stream and hears `changed` when an app it shows
 * changed (a committed state change, see {@link Changes}); the page then re-fetches its live part. Changes are
 * gathered and sent at most every {@link #FLUSH_MILLIS} ms, so a burst of changes costs a page one re-fetch.
 * Events go through {@link PageWriters}: a page that stops reading holds up no other.
 */
public final class LiveUpdates implements AutoCloseable {
    static final long FLUSH_MILLIS = 150;
    private static final long KEEPALIVE_MILLIS = 15_000;
    /** What may wait for one page: thousands of events; a page this far behind is hung up on. */
    private static final long MAX_PENDING = 64 * 1024;

    /** One open page: who watches, and which app (null: every app they may see, the overview). */
    private record Watcher(PageWriters.Page page, Principal who, String app) {}

    private final Access access;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher = Timers.single("slipway-live-updates");
    private final Runnable unsubscribe;
    private final PageWriters writers = new PageWriters("slipway-live-writer");

    private final StreamChecks checks;

    public LiveUpdates(Changes changes, Access access, StreamChecks checks) {
        this.access = access;
        this.checks = checks;
        this.unsubscribe = changes.subscribe(changed::addAll);
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::keepAlive, KEEPALIVE_MILLIS, KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void register(Routes routes) {
        routes.get("/ui/events", Permission.authenticated(), new SseHandler(client -> watch(client, null)));
        routes.get("/ui/apps/{app}/events", Permission.onApp(Role.VIEWER),
                new SseHandler(client -> watch(client, client.ctx().pathParam("app"))));
    }

    private void watch(SseClient client, String app) {
        Watcher watcher = new Watcher(writers.page(client, MAX_PENDING), Routes.principal(client.ctx()), app);
        client.keepAlive();
        // a revoked token or a lost role ends the stream: the browser's reconnect then meets the door
        Runnable unwatch = checks.watch(client.ctx(), why -> watcher.page().hangUp());
        client.onClose(() -> {
            watchers.remove(watcher);
            unwatch.run();
        });
        client.sendComment("watching " + (app == null ? "every app" : app));
        watchers.add(watcher);
    }

    private void flush() {
        writers.unstick();
        if (changed.isEmpty()) {
            return;
        }
        Set<String> apps = new HashSet<>();
        for (String app : changed) {
            changed.remove(app);
            apps.add(app);
        }
        Map<String, Boolean> mayView = new HashMap<>(); // user + app → allowed, asked once per flush
        for (Watcher watcher : watchers) {
            String shown = apps.stream().filter(app -> shows(watcher, app, mayView)).sorted()
                    .reduce((a, b) -> a + "," + b).orElse(null);
            if (shown != null) {
                send(watcher, shown.length() + 20, client -> client.sendEvent("changed", shown));
            }
        }
    }

    private boolean shows(Watcher watcher, String app, Map<String, Boolean> mayView) {
        if (watcher.app() != null) {
            return watcher.app().equals(app);
        }
        return mayView.computeIfAbsent(watcher.who().user() + "\n" + app,
                k -> access.allows(watcher.who(), Role.VIEWER, app));
    }

    private void keepAlive() {
        for (Watcher watcher : watchers) {
            send(watcher, 14, client -> client.sendComment("keep-alive"));
        }
    }

    private void send(Watcher watcher, long size, Consumer<SseClient> write) {
        if (watcher.page().gone()) {
            watchers.remove(watcher); // the page went away, or was hung up on
            return;
        }
        watcher.page().send(size, write);
    }

    @Override
    public void close() {
        unsubscribe.run();
        flusher.shutdownNow();
        writers.close();
        for (Watcher watcher : watchers) {
            watcher.page().hangUp();
        }
        watchers.clear();
    }
}
