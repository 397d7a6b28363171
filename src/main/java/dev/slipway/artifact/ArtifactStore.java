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
 * Content-addressed artifact files under {@code root/sha256/<hex[0..2]>/<hex>.tar}: artifact tars, and every blob
 * of an image (layers, configurations, manifests; the file name keeps {@code .tar} whatever the content).
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
        return store(ArtifactEntries.collect(workspace, paths));
    }

    /**
     * Packs workspace paths placed where an image wants them into a deterministic tar (an uncompressed image layer,
     * so its digest is also its diff id) and stores it under its digest.
     */
    public StoredArtifact storeLayer(Path workspace, List<LayerPath> placements) throws IOException, ArtifactException {
        return store(ArtifactEntries.collectLayer(workspace, placements));
    }

    private StoredArtifact store(List<ArtifactEntries.Entry> entries) throws IOException, ArtifactException {
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

    /**
     * A new temporary file in the store's own tree, for a blob being received: {@link #storeBlob} moves it into place
     * once its digest is known to be right; until then {@link #removeLeftovers} leaves it alone.
     */
    public Path newIncoming(String prefix) throws IOException {
        Path temporary = Files.createTempFile(incoming, prefix, ".part");
        writing.add(temporary);
        return temporary;
    }

    /** Gives up a file from {@link #newIncoming}: deleted, and no longer protected from the leftover sweep. */
    public void discardIncoming(Path temporary) {
        Durable.deleteQuietly(temporary);
        writing.remove(temporary);
    }

    /**
     * Stores a received blob whose content must have {@code expected} as its digest: it is read once to check that
     * (a mismatch leaves nothing stored and throws), synced, and renamed into place. The temporary file is gone
     * afterwards either way.
     */
    public long storeBlob(Path temporary, Digest expected) throws IOException, ArtifactException {
        try {
            MessageDigest sha = Digest.newSha256();
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(256 * 1024);
                while (channel.read(buffer) >= 0) {
                    buffer.flip();
                    sha.update(buffer);
                    buffer.clear();
                }
                channel.force(true);
            }
            Digest actual = Digest.of(sha.digest());
            if (!actual.equals(expected)) {
                throw new ArtifactException("the content's digest is " + actual + ", not " + expected
                        + " as declared: nothing was stored; send the content again");
            }
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("r--r--r--"));
            long size = Files.size(temporary);
            moveIntoPlace(temporary, expected, size);
            return size;
        } finally {
            discardIncoming(temporary);
        }
    }

    /** Stores a small blob (a manifest, an image configuration) held in memory; returns its digest. */
    public Digest storeBytes(byte[] content) throws IOException {
        Digest digest = Digest.ofBytes(content);
        if (exists(digest) && size(digest) == content.length) {
            restored(path(digest));
            return digest;
        }
        Path temporary = newIncoming("bytes-");
        Files.write(temporary, content);
        try {
            storeBlob(temporary, digest);
        } catch (ArtifactException e) {
            throw new IllegalStateException("the digest of bytes just written changed: " + e.getMessage(), e);
        }
        return digest;
    }

    /** Deletes a stored blob (the collector decides which; nothing else deletes). Returns whether it was there. */
    public boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(path(digest));
    }

    /** Every digest stored, in no particular order. */
    public List<Digest> list() throws IOException {
        List<Digest> digests = new ArrayList<>();
        try (var walk = Files.walk(objects, 2)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                String name = file.getFileName().toString();
                if (name.length() == 68 && name.endsWith(".tar") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        digests.add(new Digest(name.substring(0, 64)));
                    } catch (IllegalArgumentException notOurs) {
                        // a stray file in the store's tree: not a blob
                    }
                }
            }
        }
        return digests;
    }

    /** When the blob at {@code digest} was stored (its file's modification time), if it is stored. */
    public java.util.Optional<Instant> storedAt(Digest digest) throws IOException {
        Path file = path(digest);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant());
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
            restored(destination);
            return;
        }
        Durable.rename(temporary, destination);
    }

    /**
     * A blob stored again counts as stored now: the collector only deletes blobs stored before its mark began and
     * older than its age limit, so a builder about to record a reference to a blob it found already stored is safe.
     */
    private static void restored(Path blob) throws IOException {
        Files.setLastModifiedTime(blob, java.nio.file.attribute.FileTime.from(Instant.now()));
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
