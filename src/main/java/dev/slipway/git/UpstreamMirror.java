package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.forge.FollowCredentials;
import dev.slipway.forge.ForgeCredentials;
import dev.slipway.forge.Mirrors;
import dev.slipway.forge.PushHint;
import dev.slipway.forge.Upstream;
import dev.slipway.forge.UpstreamRepository;
import dev.slipway.forge.UpstreamState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirrors of followed apps, kept in the apps' own repositories (what runs build from). Each app's looks run one
 * after another on its own queue; a webhook's hint starts one at once, and every app is also looked at every
 * poll interval, so a lost webhook costs latency, nothing else.
 */
public final class UpstreamMirror implements Mirrors {
    private static final Logger log = LoggerFactory.getLogger(UpstreamMirror.class);
    /** How long a hint waits for the forge to serve the commit it names: 0.1 s doubling, 6 tries (~6 s). */
    private static final List<Duration> HINT_RETRIES = List.of(Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofMillis(3200));

    private static final String NOTHING = "nothing changed upstream";

    private final GitStore store;
    private final UpstreamRepository upstreams;
    private final ForgeCredentials credentials;
    private final RefEvents events;
    private final Path scratch;
    private final ExecutorService workers;
    private final Clock clock;
    private final Map<String, CompletableFuture<String>> tails = new ConcurrentHashMap<>();
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Set<String> polling = ConcurrentHashMap.newKeySet();

    public UpstreamMirror(GitStore store, UpstreamRepository upstreams, ForgeCredentials credentials, RefEvents events,
                          Path scratch, ExecutorService workers, Clock clock) {
        this.store = store;
        this.upstreams = upstreams;
        this.credentials = credentials;
        this.events = events;
        this.scratch = scratch;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<String> hinted(PushHint hint) {
        return queued(hint.app(), () -> look(hint.app(), Optional.of(hint)));
    }

    @Override
    public CompletableFuture<String> look(String app) {
        return queued(app, () -> look(app, Optional.empty()));
    }

    @Override
    public void probe(Upstream upstream, FollowCredentials with) {
        UpstreamTransport.checkTokenTravels(upstream.url(), with);
        try (UpstreamTransport transport = UpstreamTransport.open(null, upstream, with, scratch)) {
            UpstreamSync.listRefs(transport);
        } catch (UpstreamSync.UpstreamUnreachable e) {
            throw Problem.invalid(e.getMessage() + ": check the URL and the credentials (nothing was created)");
        }
    }

    /** Starts polling: every tick, each followed app whose interval has passed is looked at (once at a time). */
    public void startPolling(ScheduledExecutorService scheduler, Duration tick) {
        scheduler.scheduleWithFixedDelay(this::pollDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void pollDue() {
        try {
            Instant now = clock.instant();
            for (Upstream upstream : upstreams.list()) {
                // each app is looked at once as soon as the server is up: what was pushed while it was down is taken
                Instant next = due.computeIfAbsent(upstream.app(), app -> now);
                if (!now.isBefore(next) && polling.add(upstream.app())) {
                    due.put(upstream.app(), now.plus(upstream.pollInterval()));
                    look(upstream.app()).whenComplete((line, e) -> {
                        polling.remove(upstream.app());
                        if (line != null && !line.startsWith(NOTHING)) {
                            log.info("{}: polling {}: {}", upstream.app(), upstream.url(), line);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.error("polling the followed repositories failed; trying again at the next tick", e);
        }
    }

    private CompletableFuture<String> queued(String app, java.util.function.Supplier<String> work) {
        CompletableFuture<String>[] next = new CompletableFuture[1];
        tails.compute(app, (name, tail) -> {
            CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
            next[0] = before.handle((r, e) -> null).thenApplyAsync(ignored -> work.get(), workers);
            return next[0];
        });
        return next[0];
    }

    private String look(String app, Optional<PushHint> hint) {
        Upstream upstream = upstreams.find(app).orElseThrow(() -> Problem.notFound(
                "app '" + app + "' follows no repository"));
        Repository repo = store.repository(app);
        try (UpstreamTransport transport = UpstreamTransport.open(repo, upstream, FollowCredentials.of(credentials, app),
                scratch)) {
            UpstreamSync sync = new UpstreamSync(repo, upstream, events);
            Map<String, ObjectId> refs;
            int tries = 0;
            long start = System.nanoTime();
            // a webhook can arrive before the forge serves what it names (replicas, a forge restarting): wait a little
            while (true) {
                try {
                    refs = UpstreamSync.listRefs(transport);
                    if (hint.isEmpty() || served(hint.get(), refs) || tries >= HINT_RETRIES.size()) {
                        break;
                    }
                } catch (UpstreamSync.UpstreamUnreachable e) {
                    if (hint.isEmpty() || tries >= HINT_RETRIES.size()) {
                        throw e;
                    }
                }
                sleep(HINT_RETRIES.get(tries++));
            }
            long listed = System.nanoTime() - start;
            List<String> lines = new ArrayList<>();
            if (hint.isPresent() && !served(hint.get(), refs)) {
                lines.add(hint.get().ref() + " at " + hint.get().expected().map(c -> c.substring(0, Math.min(7, c.length())))
                        .orElse("(deleted)") + " not served by the forge after " + tries + " tries; what it serves was "
                        + "taken, and polling will pick up the rest");
            }
            List<UpstreamSync.Change> changes = sync.changes(refs);
            // the first look that goes well promotes no tag, even after a crash or failure cut an earlier one short
            boolean firstLook = upstreams.state(app).flatMap(UpstreamState::syncedAt).isEmpty();
            lines.addAll(sync.apply(transport, changes, hint, firstLook));
            upstreams.synced(app, clock.instant(), null);
            String timing = String.format(java.util.Locale.ROOT, "(refs listed in %.1f ms, fetched in %.1f ms)",
                    listed / 1e6, sync.fetchNanos() / 1e6);
            if (changes.isEmpty() && lines.isEmpty()) {
                return NOTHING + " " + timing;
            }
            lines.add(timing);
            return String.join("\n", lines);
        } catch (RuntimeException e) {
            log.warn("{}: looking at {} failed: {}", app, upstream.url(), e.getMessage());
            upstreams.synced(app, clock.instant(), e.getMessage());
            throw e;
        }
    }

    /** Whether the forge serves the ref where the hint says it is (or no longer serves it, for a deletion). */
    private static boolean served(PushHint hint, Map<String, ObjectId> refs) {
        ObjectId at = refs.get(hint.ref());
        if (hint.deletes()) {
            return at == null;
        }
        return hint.expected().map(c -> at != null && at.name().equals(c)).orElse(true);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the forge", e);
        }
    }
}
