package dev.slipway.pipeline;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apps' build caches ({@code cache:} in a job), in {@code root/<app>/<key>}: under the data directory, which no
 * sandbox sees, so an app's jobs only ever get their own app's caches, as copies.
 *
 * <p>Copy-in, copy-out, last writer wins: a job starts with a copy of the cache as it was published (taken under a
 * read lock, so never half of one publish and half of the next); when every step succeeded its directory is linked
 * (or copied) into {@code .incoming-<n>-<key>} beside the cache, flushed, and published by two renames under the write
 * lock (the old one aside to {@code .old-<n>-<key>}, the new one in place), then the old one is removed. Parallel jobs
 * of an app never share files and never wait for each other's builds; the lock is held for a copy-in or two renames.
 * One server owns a data directory ({@code DataDirLock}), so an in-process lock is enough.
 *
 * <p>A crash leaves {@code .incoming-*} (removed) or, between the renames, an {@code .old-*} without its cache (put
 * back); {@link #sweep} does both, at start-up and now and then, and never touches a publish in progress.
 */
public final class BuildCache {
    private static final Pattern ASIDE = Pattern.compile("\\.(incoming|old)-(\\d+)-(.+)");

    private final Path root;
    private final Map<String, ReadWriteLock> locks = new ConcurrentHashMap<>();
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis());

    public BuildCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The caches of one job of {@code app}: {@link JobCache#NONE} when it declares none. */
    public JobCache forJob(String app, List<String> paths) {
        return paths.isEmpty() ? JobCache.NONE : new Declared(app, paths);
    }

    /** Where a cache of an app is kept: the path as written ({@code ~/.m2/repository}), made a file name. */
    Path dir(String app, String path) {
        return root.resolve(app).resolve(key(path));
    }

    static String key(String path) {
        String named = path.startsWith(CachePaths.HOME) ? "home/" + path.substring(CachePaths.HOME.length())
                : "workspace/" + path;
        return URLEncoder.encode(named, StandardCharsets.UTF_8);
    }

    /** Copies the published cache into {@code target} (over what is there); empty when there is none yet. */
    java.util.Optional<TreeCopies.Count> restore(String app, String path, Path target) throws IOException {
        ReadWriteLock lock = lock(app, path);
        lock.readLock().lock();
        try {
            Path published = dir(app, path);
            if (!Files.isDirectory(published, LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(TreeCopies.copy(published, target));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Publishes {@code source} (a directory of a finished job) as the app's cache for {@code path}. */
    TreeCopies.Count save(String app, String path, Path source) throws IOException {
        Path published = dir(app, path);
        Files.createDirectories(published.getParent());
        long n = sequence.incrementAndGet();
        Path incoming = published.resolveSibling(".incoming-" + n + "-" + published.getFileName());
        Path old = published.resolveSibling(".old-" + n + "-" + published.getFileName());
        inFlight.add(incoming);
        try {
            TreeCopies.Count count = TreeCopies.linkOrCopy(source, incoming);
            ReadWriteLock lock = lock(app, path);
            lock.writeLock().lock();
            try {
                if (Files.exists(published, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(published, old, StandardCopyOption.ATOMIC_MOVE);
                }
                try {
                    Files.move(incoming, published, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(old, published, StandardCopyOption.ATOMIC_MOVE); // the one before stays
                    }
                    throw e;
                }
            } finally {
                lock.writeLock().unlock();
            }
            return count;
        } finally {
            inFlight.remove(incoming);
            JobAttempts.deleteQuietly(incoming);
            JobAttempts.deleteQuietly(old);
        }
    }

    /**
     * Removes what crashes and failed removals left: incoming copies no publish is writing, old copies whose cache
     * is in place; an old copy without its cache (a crash between the two renames) is put back. Returns what it
     * removed or put back.
     */
    public List<Path> sweep() throws IOException {
        List<Path> swept = new ArrayList<>();
        for (Path app : children(root)) {
            for (Path entry : children(app)) {
                Matcher aside = ASIDE.matcher(entry.getFileName().toString());
                if (!aside.matches() || inFlight.contains(entry)) {
                    continue;
                }
                ReadWriteLock lock = locks.computeIfAbsent(app.getFileName() + "/" + aside.group(3),
                        k -> new ReentrantReadWriteLock());
                lock.writeLock().lock();
                try {
                    Path published = app.resolve(aside.group(3));
                    if (aside.group(1).equals("old") && !Files.exists(published, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(entry, published, StandardCopyOption.ATOMIC_MOVE);
                    } else if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                        JobAttempts.deleteQuietly(entry);
                    }
                } finally {
                    lock.writeLock().unlock();
                }
                swept.add(entry);
            }
        }
        return swept;
    }

    private ReadWriteLock lock(String app, String path) {
        return locks.computeIfAbsent(app + "/" + key(path), k -> new ReentrantReadWriteLock());
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        return children;
    }

    /** One job's declared caches. */
    private final class Declared implements JobCache {
        private final String app;
        private final List<String> paths;

        private Declared(String app, List<String> paths) {
            this.app = app;
            this.paths = List.copyOf(paths);
        }

        @Override
        public void restore(Path home, Path workspace, LogStore.Writer log) throws IOException {
            for (String path : paths) {
                Path target = CacheSites.resolve(path, home, workspace);
                long started = System.nanoTime();
                java.util.Optional<TreeCopies.Count> copied = BuildCache.this.restore(app, path, target);
                log.note(copied.map(c -> "slipway: restored cache " + path + " (" + c.human() + ") in "
                                + CacheSites.millis(started))
                        .orElse("slipway: cache " + path + " is empty: this job fills it"));
            }
        }

        @Override
        public void save(Path home, Path workspace, LogStore.Writer log) {
            for (String path : paths) {
                try {
                    java.util.Optional<Path> source = CacheSites.existing(path, home, workspace, log);
                    if (source.isPresent()) {
                        long started = System.nanoTime();
                        TreeCopies.Count kept = BuildCache.this.save(app, path, source.get());
                        log.note("slipway: saved cache " + path + " (" + kept.human() + ") in "
                                + CacheSites.millis(started));
                    }
                } catch (IOException | RuntimeException e) {
                    log.note("slipway: could not save cache " + path + " (the next job starts from the one before): "
                            + e.getMessage());
                }
            }
        }
    }
}
