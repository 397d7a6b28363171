package dev.slipway.image;

import dev.slipway.Transactions;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Slipway's OCI registry (distribution spec 1.1), as use cases: pull manifests and blobs, push blobs (uploads,
 * mounts) and manifests, list tags. Repository names are checked and callers authorized at the edge; here a
 * repository's blobs are only those linked to it, and its manifests only those pushed or built into it.
 */
public final class Registry {
    private final ImageRepository images;
    private final ArtifactStore store;
    private final BlobUploads uploads;
    private final ManifestPushes manifests;
    private final Clock clock;
    private final BlobGuard guard;

    /** {@code guard}: held (shared) from each check that a blob exists to the record that references it. */
    public Registry(ImageRepository images, ArtifactStore store, ServerTags serverTags, Transactions transactions,
                    AuditLog audit, Clock clock, BlobGuard guard) {
        this.images = images;
        this.store = store;
        this.clock = clock;
        this.guard = guard;
        this.uploads = new BlobUploads(store, clock);
        this.manifests = new ManifestPushes(images, store, serverTags, transactions, audit, clock, guard);
    }

    /** A blob to send: the stored file and its size. */
    public record Blob(Digest digest, Path file, long size) {}

    /** A manifest to send: its bytes as stored, and its record (media type). */
    public record ManifestContent(StoredManifest manifest, byte[] bytes) {}

    /** One page of a repository's tags (in tag order), and whether more follow. */
    public record TagPage(List<String> tags, boolean more) {}

    /** A mount's answer: the blob linked ({@code mounted}), or an upload started instead. */
    public record Mount(Optional<Digest> mounted, Optional<UploadState> upload) {}

    public Blob blob(String repository, String digest) throws RegistryException, IOException {
        Digest d = blobDigest(digest);
        if (!images.hasBlob(repository, d) || !store.exists(d)) {
            throw new RegistryException(RegistryError.BLOB_UNKNOWN, "blob " + d + " is not in " + repository, digest);
        }
        return new Blob(d, store.path(d), store.size(d));
    }

    /** The manifest a tag or digest names in the repository. */
    public ManifestContent manifest(String repository, String reference) throws RegistryException, IOException {
        Optional<Digest> digest;
        if (reference.startsWith("sha256:")) {
            digest = parse(reference);
        } else {
            digest = images.findTag(repository, reference).map(ImageTag::digest);
        }
        Optional<StoredManifest> found = digest.flatMap(d -> images.findManifest(repository, d));
        if (found.isEmpty() || !store.exists(found.get().digest())) {
            throw new RegistryException(RegistryError.MANIFEST_UNKNOWN, "no manifest " + reference + " in "
                    + repository, reference);
        }
        return new ManifestContent(found.get(), Files.readAllBytes(store.path(found.get().digest())));
    }

    /** Up to {@code n} tags after {@code last} (exclusive), in tag order. */
    public TagPage tags(String repository, int n, String last) {
        List<String> after = images.tags(repository).stream().map(ImageTag::tag)
                .filter(t -> last == null || t.compareTo(last) > 0).toList();
        return n < after.size() ? new TagPage(after.subList(0, n), true) : new TagPage(after, false);
    }

    public UploadState startUpload(String repository) throws IOException {
        return uploads.start(repository);
    }

    /**
     * Links a blob of {@code from} to {@code repository} without sending it again — when {@code from} has it and the
     * caller may read {@code from}; otherwise starts an upload, as the spec lets a registry do.
     */
    public Mount mount(String repository, String digest, String from, boolean fromReadable) throws IOException {
        Optional<Digest> d = parse(digest);
        try (BlobGuard.Held held = guard.shared()) {
            if (fromReadable && d.isPresent() && images.hasBlob(from, d.get()) && store.exists(d.get())) {
                images.linkBlob(repository, d.get(), clock.instant());
                return new Mount(d, Optional.empty());
            }
        }
        return new Mount(Optional.empty(), Optional.of(uploads.start(repository)));
    }

    public UploadState uploadStatus(String repository, String id) throws RegistryException {
        return uploads.status(repository, id);
    }

    public UploadState appendChunk(String repository, String id, InputStream chunk, OptionalLong start)
            throws RegistryException, IOException {
        return uploads.append(repository, id, chunk, start);
    }

    /** Ends an upload with its last chunk: stored and linked to the repository if the content has that digest. */
    public Digest completeUpload(String repository, String id, String digest, InputStream lastChunk)
            throws RegistryException, IOException {
        Digest d = blobDigest(digest);
        // stored and linked under the guard: a blob stored long ago (the same content pushed again) is not collected
        // between the two
        try (BlobGuard.Held held = guard.shared()) {
            uploads.complete(repository, id, d, lastChunk);
            images.linkBlob(repository, d, clock.instant());
        }
        return d;
    }

    public void cancelUpload(String repository, String id) throws RegistryException {
        uploads.cancel(repository, id);
    }

    /** Ends every upload idle for more than an hour, its file deleted (also done whenever an upload starts). */
    public void expireIdleUploads() {
        uploads.expireIdle();
    }

    /** What a manifest push recorded: its digest, and the manifest it refers to if it names a subject (OCI 1.1). */
    public record Pushed(Digest digest, Optional<Digest> subject) {}

    public Pushed putManifest(String repository, String reference, byte[] body, String contentType, Pusher who)
            throws RegistryException, IOException {
        return manifests.push(repository, reference, body, contentType, who);
    }

    /**
     * The manifests of the repository whose subject is {@code digest}, oldest first, only those of
     * {@code artifactType} when one is given. A digest nothing refers to (or that names nothing here) has none: the
     * spec answers an empty list, not an error; only a digest that cannot be one is refused.
     */
    public List<StoredManifest> referrers(String repository, String digest, Optional<String> artifactType)
            throws RegistryException {
        Digest subject = blobDigest(digest);
        return images.referrers(repository, subject).stream()
                .filter(m -> artifactType.isEmpty() || m.artifactType().equals(artifactType)).toList();
    }

    private static Digest blobDigest(String digest) throws RegistryException {
        try {
            return Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, e.getMessage() + " (Slipway keeps sha256 only)",
                    digest);
        }
    }

    private static Optional<Digest> parse(String digest) {
        try {
            return Optional.of(Digest.parse(digest));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
