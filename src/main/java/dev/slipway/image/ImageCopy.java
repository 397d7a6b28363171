package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Copies an image between Slipway's content store and an external registry, by digest, never changing a byte:
 * out ({@link #push}) all blobs first (for an index, each child's blobs and then the child manifest), then the
 * manifest, then its tags, and finally the manifest read back to see that the registry keeps the same digest; in
 * ({@link #pull}) the manifest checked against its digest, then every blob it references, each checked as it
 * arrives. Any refusal is a {@link ExternalRegistryException} in the registry's own words.
 */
public final class ImageCopy {

    /** An image as it was pulled: its manifest (digest checked) and the files its blobs were written to. */
    public record PulledImage(Digest digest, String mediaType, byte[] manifest, Map<Digest, Path> blobs) {}

    /** What was left in the registry: the repository, the manifest's digest there and the tags that point at it. */
    public record CopiedImage(String registry, String repository, Digest digest, List<String> tags) {
        /** {@code host/repo@sha256:…}: what a deployment elsewhere should pull. */
        public String pinned() {
            return registry + "/" + repository + "@" + digest;
        }
    }

    /**
     * Copies the image whose manifest is {@code manifest} to {@code repository} of the client's registry and tags it.
     *
     * @param blobFiles where each blob (and, for an index, each child manifest) is in the content store
     */
    public CopiedImage push(RegistryClient to, String repository, byte[] manifest, Function<Digest, Path> blobFiles,
                            List<String> tags) {
        Digest digest = RegistryClient.sha256(manifest);
        String mediaType = pushTree(to, repository, manifest, digest, blobFiles);
        for (String tag : tags) {
            Digest tagged = to.pushManifest(repository, tag, mediaType, manifest);
            requireSame(to, repository + ":" + tag, digest, tagged);
        }
        Digest readBack = to.manifest(new ImageReference(to.registry(), repository, Optional.empty(), Optional.of(digest)))
                .digest();
        requireSame(to, repository + "@" + digest + " read back", digest, readBack);
        return new CopiedImage(to.registry(), repository, digest, List.copyOf(tags));
    }

    /** Blobs, children, then the manifest by its digest; returns the manifest's media type. */
    private String pushTree(RegistryClient to, String repository, byte[] bytes, Digest digest,
                            Function<Digest, Path> blobFiles) {
        Manifest manifest = parse(bytes, null, digest);
        for (Descriptor child : manifest.children()) {
            pushTree(to, repository, readFile(blobFiles.apply(child.digest()), child.digest()), child.digest(), blobFiles);
        }
        for (Descriptor blob : manifest.blobs()) {
            to.pushBlob(repository, blob.digest(), blobFiles.apply(blob.digest()), Optional.empty());
        }
        Digest answered = to.pushManifest(repository, digest.toString(), manifest.mediaType(), bytes);
        requireSame(to, repository + "@" + digest, digest, answered);
        return manifest.mediaType();
    }

    /**
     * Where pulled blobs go: a directory ({@link #into}) or the content store. {@code file} gives a fresh path to write
     * a blob to (nothing is there yet); {@code keep} takes it once its digest was checked.
     */
    public interface BlobSink {
        boolean has(Digest digest);

        Path file(Digest digest) throws IOException;

        Path keep(Digest digest, Path file) throws IOException;

        /** Each blob and child manifest as a file named by its digest's hex in {@code directory}. */
        static BlobSink into(Path directory) {
            return new BlobSink() {
                @Override
                public boolean has(Digest digest) {
                    return Files.exists(directory.resolve(digest.hex()));
                }

                @Override
                public Path file(Digest digest) {
                    return directory.resolve(digest.hex());
                }

                @Override
                public Path keep(Digest digest, Path file) {
                    return file;
                }
            };
        }
    }

    /**
     * Fetches the image: its manifest checked against its digest, then every blob (and, for an index, every child
     * manifest, every platform) the sink does not have yet, each checked as it arrives. Returns what was fetched.
     */
    public PulledImage pull(RegistryClient from, ImageReference reference, BlobSink sink) throws IOException {
        RegistryClient.FetchedManifest fetched = from.manifest(reference);
        Map<Digest, Path> blobs = new LinkedHashMap<>();
        pullTree(from, reference.repository(), fetched, sink, blobs);
        return new PulledImage(fetched.digest(), fetched.mediaType(), fetched.bytes(), blobs);
    }

    private void pullTree(RegistryClient from, String repository, RegistryClient.FetchedManifest fetched, BlobSink sink,
                          Map<Digest, Path> blobs) throws IOException {
        Manifest manifest = parse(fetched.bytes(), fetched.mediaType(), fetched.digest());
        for (Descriptor child : manifest.children()) {
            RegistryClient.FetchedManifest childManifest = from.manifest(
                    new ImageReference(from.registry(), repository, Optional.empty(), Optional.of(child.digest())));
            if (!sink.has(child.digest())) {
                Path file = sink.file(child.digest());
                write(file, childManifest.bytes());
                blobs.put(child.digest(), sink.keep(child.digest(), file));
            }
            pullTree(from, repository, childManifest, sink, blobs);
        }
        for (Descriptor blob : manifest.blobs()) {
            if (!sink.has(blob.digest()) && !blobs.containsKey(blob.digest())) {
                Path file = sink.file(blob.digest());
                from.blob(repository, blob.digest(), file);
                blobs.put(blob.digest(), sink.keep(blob.digest(), file));
            }
        }
    }

    private static void requireSame(RegistryClient registry, String where, Digest expected, Digest got) {
        if (!expected.equals(got)) {
            throw ExternalRegistryException.of("registry " + registry.registry() + " keeps " + where + " as " + got
                    + ", not " + expected + ": it changed the manifest, so the copy is not the image Slipway tested");
        }
    }

    private static Manifest parse(byte[] bytes, String mediaType, Digest digest) {
        try {
            return Manifest.parse(bytes, mediaType);
        } catch (ManifestException e) {
            throw ExternalRegistryException.of("manifest " + digest + " cannot be copied: " + e.getMessage());
        }
    }

    private static byte[] readFile(Path file, Digest digest) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (!RegistryClient.sha256(bytes).equals(digest)) {
                throw new IllegalStateException("the stored manifest " + file + " does not have digest " + digest);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored manifest " + digest + " at " + file, e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".partial");
            Files.write(partial, bytes);
            RegistryClient.sync(partial);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
