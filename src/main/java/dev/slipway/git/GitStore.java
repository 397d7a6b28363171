package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.app.GitRepositories;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bare repositories of the built-in remote, one per app under {@code <data>/repos/<app>.git}, opened once. */
public final class GitStore implements GitRepositories, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GitStore.class);
    private final Path root;
    private final Map<String, Repository> open = new ConcurrentHashMap<>();

    public GitStore(Path root) {
        this.root = root;
    }

    @Override
    public void create(String app) {
        Path dir = dir(app);
        try {
            discard(app);
            Files.createDirectories(root);
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
                repo.create(true);
                // Clones check out main (where staging lives), not JGit's default master.
                repo.updateRef(org.eclipse.jgit.lib.Constants.HEAD).link("refs/heads/main");
                // Pushes are the only writers; a receive must never leave a half-written pack on a crash.
                repo.getConfig().setBoolean("core", null, "fsyncObjectFiles", true);
                repo.getConfig().setBoolean("receive", null, "denyNonFastForwards", false);
                repo.getConfig().save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the git repository " + dir, e);
        }
    }

    @Override
    public void discard(String app) {
        Repository repo = open.remove(app);
        if (repo != null) {
            repo.close();
        }
        Path dir = dir(app);
        dev.slipway.Trees.delete(dir);
    }

    @Override
    public String cloneUrl(String app, String serverBaseUrl) {
        return serverBaseUrl + "/git/" + app + ".git";
    }

    /** The app's repository, kept open; callers must not close it. */
    public Repository repository(String app) {
        return open.computeIfAbsent(app, name -> {
            File dir = dir(name).toFile();
            if (!dir.isDirectory()) {
                throw Problem.notFound("app '" + name + "' has no repository: create it with `slipway app create " + name + "`");
            }
            try {
                return new FileRepositoryBuilder().setGitDir(dir).setMustExist(true).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + dir, e);
            }
        });
    }

    /**
     * Removes the lock files a stopped server left in the repositories. JGit, like git, updates a ref (HEAD, config,
     * packed-refs) by writing {@code NAME.lock} and renaming it over {@code NAME}: a kill -9 between the two leaves the
     * lock, and every later update of that ref failed with "failed to lock" for ever. Called at start-up only, while
     * this process holds the data directory, so no lock here can belong to a live writer. A ref can never be named
     * {@code *.lock} (git and Slipway refuse it), so nothing else is taken; {@code objects/} is not looked into.
     */
    public void clearStaleLocks() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var repos = Files.newDirectoryStream(root, "*.git")) {
            for (Path repo : repos) {
                if (Files.isDirectory(repo, LinkOption.NOFOLLOW_LINKS)) {
                    clearStaleLocks(repo);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for stale locks in " + root, e);
        }
    }

    private static void clearStaleLocks(Path repo) throws IOException {
        Path objects = repo.resolve("objects");
        List<Path> locks;
        try (var files = Files.walk(repo)) { // does not follow links
            locks = files.filter(f -> !f.startsWith(objects) && f.getFileName().toString().endsWith(".lock"))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path lock : locks) {
            Files.delete(lock);
            log.warn("removed {}: a lock a stopped server left (the ref it guarded keeps its last committed value)",
                    lock);
        }
    }

    private Path dir(String app) {
        return root.resolve(app + ".git");
    }

    @Override
    public void close() {
        open.values().forEach(Repository::close);
        open.clear();
    }
}
