package dev.slipway.pipeline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies of a directory tree: the two a {@link BuildCache} makes, and passed files over a later job's checkout
 * ({@link PassedFiles}). Symbolic links are copied as links, never followed (a job may plant
 * one pointing anywhere); other special files (sockets, pipes) are left out.
 */
final class TreeCopies {
    /** Files and bytes copied. */
    record Count(long files, long bytes) {
        String human() {
            return files + " files, " + (bytes >= 10L << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB");
        }
    }

    private TreeCopies() {}

    /**
     * Into a job: real copies, never links — a job may write into a file in place, and that must not reach the
     * cache (or the passed files) other jobs read. Copied over what is there already (a path the checkout has), modes
     * and times kept.
     */
    static Count copy(Path from, Path into) throws IOException {
        return walk(from, into, false);
    }

    /**
     * Out of a finished job into a new cache directory: hard links where the file system allows (the job's
     * processes are gone and its workspace is removed next, so nothing writes to those files again), copies
     * otherwise; every file and directory flushed, so a cache published before a crash is whole after it.
     */
    static Count linkOrCopy(Path from, Path into) throws IOException {
        return walk(from, into, true);
    }

    private static Count walk(Path from, Path into, boolean link) throws IOException {
        long[] count = new long[2];
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path target = into.resolve(from.relativize(dir).toString());
                if (Files.isSymbolicLink(target) || Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(target);
                }
                Files.createDirectories(target);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path target = into.resolve(from.relativize(file).toString());
                if (attributes.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else if (attributes.isRegularFile()) {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        JobAttempts.deleteQuietly(target);
                    }
                    place(file, target, link);
                    count[0]++;
                    count[1] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (link) {
                    force(into.resolve(from.relativize(dir).toString()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Count(count[0], count[1]);
    }

    private static void place(Path file, Path target, boolean link) throws IOException {
        if (link) {
            try {
                Files.createLink(target, file);
                force(target);
                return;
            } catch (FileSystemException | UnsupportedOperationException e) {
                // another file system (or one without hard links): copied instead
            }
        }
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
        if (link) {
            force(target);
        }
    }

    /** fsync of a file or a directory (Linux allows opening a directory to flush it). */
    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
