package dev.slipway.git;

import dev.slipway.Changes;
import dev.slipway.promotion.EnvRefs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every shared environment's ref ({@code refs/heads/env/<ENV>}) naming what {@link EnvRefs} reads from the
 * records: after every committed change of an app (on a thread of its own: the committing thread never waits for the
 * disk), before a push to an env/ ref is answered, and at start-up, where what a crash left wrong is put right and
 * logged. It is the only writer of env/ refs; one move at a time, each a compare-and-set on the ref.
 */
public final class EnvRefKeeper implements Changes.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnvRefKeeper.class);
    private static final long CLOSE_PATIENCE_SECONDS = 15;

    private final GitStore store;
    private final EnvRefs refs;
    private final ExecutorService worker;
    /** Apps with a pass waiting in the worker's queue: changes that come meanwhile are covered by it. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    public EnvRefKeeper(GitStore store, EnvRefs refs, ExecutorService worker) {
        this.store = store;
        this.refs = refs;
        this.worker = worker;
    }

    /** A change committed: the apps' refs are brought in line with it shortly, on the worker. */
    @Override
    public void changed(Set<String> apps) {
        for (String app : apps) {
            if (!waiting.add(app)) {
                continue;
            }
            try {
                worker.execute(() -> {
                    waiting.remove(app); // before reading: a change committed from now on queues another pass
                    keepQuietly(app).forEach(move -> log.info("{}: {}", app, move));
                });
            } catch (RejectedExecutionException stopping) {
                waiting.remove(app); // stopping: the next start-up repairs what this pass would have done
            }
        }
    }

    /**
     * Start-up, before anything is served: every app's env/ refs compared with the records and put right, each
     * repair logged. A lock file a crash left beside one of them is removed first (nothing else writes them now).
     */
    public void repair(List<String> apps) {
        for (String app : apps) {
            try {
                removeStaleLocks(store.repository(app));
                keep(app).forEach(move -> log.warn("{}: repaired a ref left behind by a crash or an older Slipway: {}",
                        app, move));
            } catch (RuntimeException | IOException e) {
                log.error("{}: could not repair its env/ refs: {}", app, e.toString());
            }
        }
    }

    /** The commit {@code env/<environment>} names now, after bringing the app's refs in line with the records. */
    Optional<String> keepAfterPush(String app, String environment) {
        keepQuietly(app).forEach(move -> log.info("{}: {}", app, move));
        try {
            Ref ref = store.repository(app).exactRef(PromotionRefs.ENV_PREFIX + environment);
            return Optional.ofNullable(ref).map(Ref::getObjectId).map(ObjectId::name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> keepQuietly(String app) {
        try {
            return keep(app);
        } catch (RuntimeException | IOException e) {
            log.error("{}: could not bring its env/ refs in line with what runs; the next change or start tries again",
                    app, e);
            return List.of();
        }
    }

    /** One pass over the app's env/ refs: each that differs from the records is moved (or removed). */
    private synchronized List<String> keep(String app) throws IOException {
        Repository repo = store.repository(app);
        Map<String, Optional<String>> wanted = new TreeMap<>(refs.of(app));
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(PromotionRefs.ENV_PREFIX)) {
            wanted.putIfAbsent(ref.getName().substring(PromotionRefs.ENV_PREFIX.length()), Optional.empty());
        }
        List<String> moves = new ArrayList<>();
        wanted.forEach((environment, commit) -> {
            try {
                move(repo, environment, commit).ifPresent(moves::add);
            } catch (IOException | RuntimeException e) {
                log.error("{}: env/{} could not be moved to {}: {}", app, environment, commit.orElse("(none)"),
                        e.toString());
            }
        });
        return moves;
    }

    private static Optional<String> move(Repository repo, String environment, Optional<String> commit)
            throws IOException {
        String name = PromotionRefs.ENV_PREFIX + environment;
        Ref ref = repo.exactRef(name);
        ObjectId now = ref == null ? null : ref.getObjectId();
        ObjectId target = commit.map(ObjectId::fromString).orElse(null);
        if (Objects.equals(now, target)) {
            return Optional.empty();
        }
        if (target != null && !repo.getObjectDatabase().has(target)) {
            log.warn("env/{} should name {}, which this repository does not hold; left as it is", environment,
                    target.name());
            return Optional.empty();
        }
        RefUpdate update = repo.updateRef(name);
        update.setExpectedOldObjectId(now == null ? ObjectId.zeroId() : now);
        update.setForceUpdate(true);
        update.setRefLogMessage("slipway: what runs in " + environment, false);
        RefUpdate.Result result;
        if (target == null) {
            result = update.delete();
        } else {
            update.setNewObjectId(target);
            result = update.forceUpdate();
        }
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
                && result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("moving " + name + " answered " + result);
        }
        return Optional.of("env/" + environment + " " + label(now) + " -> " + label(target)
                + (target == null ? " (nothing runs in " + environment + " and nothing is on its way there)"
                : " (what " + environment + " runs, or a pushed promotion on its way)"));
    }

    private static String label(ObjectId id) {
        return id == null ? "(none)" : id.name().substring(0, 12);
    }

    private static void removeStaleLocks(Repository repo) throws IOException {
        Path dir = repo.getDirectory().toPath().resolve(PromotionRefs.ENV_PREFIX);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path lock : files.filter(p -> p.getFileName().toString().endsWith(".lock")).toList()) {
                log.warn("removing {}, left by a crash while the ref was being moved", lock);
                Files.deleteIfExists(lock);
            }
        }
    }

    /** Lets a pass under way finish (a ref half-written by an interrupt would leave a lock file); runs no more. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("env/ refs: a pass is still busy after {} s; stopping without it", CLOSE_PATIENCE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
