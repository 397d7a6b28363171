package dev.slipway.artifact;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Content-addressed artifact files under {@code root/sha256/<hex[0..2]>/<hex>.tar}.
 * A stored file is complete or absent, never partial: it is written under a temporary name and renamed.
 */
public final class ArtifactStore {

    private final Path root;
    private final Path objects;
    private final Path incoming;
    /** The temporary files stores in this process are writing now: never leftovers, however old. */
    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath();
        this.objects = this.root.resolve(Digest.ALGORITHM);
        // In the store's own tree so the final rename never crosses a file system.
        this.incoming = this.root.resolve("incoming");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the artifact store at " + this.root + ": " + e.getMessage(), e);
        }
    }

    /** Packs the given workspace paths into a deterministic tar and stores it under its digest. */
    public StoredArtifact store(Path workspace, List<String> paths) throws IOException, ArtifactException {
        List<ArtifactEntries.Entry> entries = ArtifactEntries.collect(workspace, paths);
        Path temporary = Files.createTempFile(incoming, "store-", ".tar");
        writing.add(temporary);
        try {
            MessageDigest sha = Digest.newSha256();
            int files;
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 TarArchiveOutputStream tar = DeterministicTar.open(hashing(channel, sha))) {
                files = DeterministicTar.write(entries, tar);
                tar.finish();
                tar.flush();
                channel.force(true);
            }
            // Read-only: an artifact is immutable, and a stray write should fail loudly rather than corrupt it.
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("r--r--r--"));
            Digest digest = Digest.of(sha.digest());
            long size = Files.size(temporary);
            moveIntoPlace(temporary, digest, size);
            return new StoredArtifact(digest, size, files);
        } finally {
            Files.deleteIfExists(temporary);
            writing.remove(temporary);
        }
    }

    public boolean exists(Digest digest) {
        return Files.isRegularFile(path(digest), LinkOption.NOFOLLOW_LINKS);
    }

    public Path path(Digest digest) {
        return objects.resolve(digest.hex().substring(0, 2)).resolve(digest.hex() + ".tar");
    }

    public long size(Digest digest) throws IOException {
        return Files.size(path(digest));
    }

    /** An unpacked artifact whose files may not be on disk yet. */
    public interface Unpacked {
        /** Makes the unpacked files, their directories and the directory's name survive a crash (fsync). */
        void flush() throws IOException;
    }

    /**
     * Unpacks into {@code target} (absent or empty) all at once: a failure leaves {@code target} as it was, and
     * once this returns the files survive a crash.
     */
    public void unpack(Digest digest, Path target) throws IOException, ArtifactException {
        unpack(digest, target, true);
    }

    /**
     * As {@link #unpack}, checked against the digest just the same, but nothing is flushed to disk: until
     * {@link Unpacked#flush} returns, a crash may leave {@code target} with missing or empty files. For a
     * throw-away copy (never flushed), or to flush while something else goes on (a service starting).
     */
    public Unpacked unpackUnflushed(Digest digest, Path target) throws IOException, ArtifactException {
        return unpack(digest, target, false);
    }

    private Unpacked unpack(Digest digest, Path target, boolean durable) throws IOException, ArtifactException {
        Path file = path(digest);
        if (!exists(digest)) {
            throw new ArtifactException("artifact " + digest + " is not in the store at " + root
                    + ": it was never stored here or has been removed; re-run the pipeline that builds it");
        }
        Path destination = target.toAbsolutePath().normalize();
        requireEmptyOrAbsent(destination);
        Files.createDirectories(destination.getParent());
        // A sibling, so the final rename stays on one file system and is atomic.
        Path temporary = Files.createTempDirectory(destination.getParent(), "." + destination.getFileName() + ".unpacking-");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            TarUnpacker.Written written = TarUnpacker.unpack(file, digest, temporary);
            if (durable) {
                flush(temporary, written);
                // rename(2) replaces an empty directory, which is exactly the "empty or absent" contract.
                Durable.rename(temporary, destination);
                return () -> { };
            }
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE);
            return () -> {
                flush(destination, written);
                Durable.syncDirectory(destination.getParent());
            };
        } catch (IOException | ArtifactException | RuntimeException e) {
            Durable.deleteQuietly(temporary);
            throw e;
        }
    }

    /** Files first, then the directories that name them. */
    private static void flush(Path dir, TarUnpacker.Written written) throws IOException {
        for (Path file : written.files()) {
            Durable.syncIfPresent(dir.resolve(file));
        }
        for (Path directory : written.directories()) {
            Durable.syncIfPresent(dir.resolve(directory));
        }
    }

    private static OutputStream hashing(FileChannel channel, MessageDigest sha) {
        return new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024), sha);
    }

    private void moveIntoPlace(Path temporary, Digest digest, long size) throws IOException {
        Path destination = path(digest);
        Path shard = destination.getParent();
        if (!Files.isDirectory(shard)) {
            Files.createDirectories(shard);
            Durable.syncDirectory(objects);
        }
        // Same digest means same bytes; a size mismatch can only be a damaged copy, which the rename then repairs.
        if (Files.isRegularFile(destination) && Files.size(destination) == size) {
            return;
        }
        Durable.rename(temporary, destination);
    }

    private static void requireEmptyOrAbsent(Path target) throws IOException, ArtifactException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactException("cannot unpack into " + target + ": it exists and is not a directory; choose a new directory");
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
            if (children.iterator().hasNext()) {
                throw new ArtifactException("cannot unpack into " + target + ": the directory is not empty; choose a new or empty directory");
            }
        }
    }

    /**
     * Removes temporary files a crash (or a failed delete) left in {@code incoming}: those no store of this process
     * is writing and that nothing has written to for {@code quiet} — {@link Duration#ZERO} at start-up, before any
     * store runs. Returns the files removed.
     */
    public List<Path> removeLeftovers(Duration quiet) throws IOException {
        Instant cutoff = Instant.now().minus(quiet);
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
            for (Path leftover : leftovers) {
                if (!writing.contains(leftover) && !Files.getLastModifiedTime(leftover, LinkOption.NOFOLLOW_LINKS)
                        .toInstant().isAfter(cutoff)) {
                    Durable.deleteQuietly(leftover);
                    removed.add(leftover);
                }
            }
        }
        return removed;
    }
}
