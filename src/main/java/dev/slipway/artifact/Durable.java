package dev.slipway.artifact;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** The few file-system moves that make a write survive a crash: fsync, atomic rename, fsync of the directory. */
final class Durable {

    private Durable() {}

    /** Flushes a directory's entries to disk, so a rename or create inside it survives a power loss. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Flushes a file or directory to disk. Gone is fine: what a service removed from its directory (which it may
     * do once started) need not survive a crash.
     */
    static void syncIfPresent(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (java.nio.file.NoSuchFileException gone) {
            // nothing left to flush
        }
    }

    /** Renames atomically (readers see the old name or the complete new one, never a half) and makes it durable. */
    static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(to.getParent());
    }

    /** Best-effort removal of a partly written file or directory tree; never follows symlinks. */
    static void deleteQuietly(Path path) {
        try {
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // Leftovers are garbage, not data: they must not hide the error that brought us here.
        }
    }
}
