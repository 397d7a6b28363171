package dev.slipway.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a job's cache path lies: {@code ~/…} in its HOME, the rest in its workspace — and nowhere else. The server
 * copies as root outside the sandbox, so a symbolic link on the way (one the checkout has, or one a step made) must
 * never take it out of the job's own directories.
 */
final class CacheSites {
    private CacheSites() {}

    /** The directory to restore into, its parents made; refused when they lead outside the job's directories. */
    static Path resolve(String path, Path home, Path workspace) throws IOException {
        Path base = base(path, home, workspace);
        Path target = base.resolve(relative(path)).normalize();
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(base.toRealPath())) {
            throw new IOException("cache path '" + path + "' goes through a symbolic link that leads out of the job's "
                    + (path.startsWith(CachePaths.HOME) ? "HOME" : "workspace") + ": remove the link from the checkout");
        }
        return target;
    }

    /** The directory to save, if the job left one there (a missing one or a link is said in the log, not kept). */
    static Optional<Path> existing(String path, Path home, Path workspace, LogStore.Writer log) throws IOException {
        Path base = base(path, home, workspace);
        Path source = base.resolve(relative(path)).normalize();
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            log.note("slipway: cache " + path + " was not saved: the job left no directory there"
                    + (Files.isSymbolicLink(source) ? " (a symbolic link is not kept)" : ""));
            return Optional.empty();
        }
        if (!source.getParent().toRealPath().startsWith(base.toRealPath())) {
            log.note("slipway: cache " + path + " was not saved: it lies behind a symbolic link that leads out of "
                    + "the job's directories");
            return Optional.empty();
        }
        return Optional.of(source);
    }

    static String millis(long startedNanos) {
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        return ms >= 1000 ? ms / 100 / 10.0 + " s" : ms + " ms";
    }

    private static Path base(String path, Path home, Path workspace) {
        return path.startsWith(CachePaths.HOME) ? home : workspace;
    }

    private static String relative(String path) {
        return path.startsWith(CachePaths.HOME) ? path.substring(CachePaths.HOME.length()) : path;
    }
}
