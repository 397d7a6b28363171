package dev.slipway.image;

import dev.slipway.Transactions;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A manifest pushed to a repository: checked (parsed; every blob it references linked in the repository, every child
 * of an index a manifest there; a server tag refused; a digest reference matching the body), its bytes stored as a
 * blob, then recorded — with the run that pushed it, the tag moved and the audit entry, in one transaction.
 */
final class ManifestPushes {
    private final ImageRepository images;
    private final ArtifactStore store;
    private final ServerTags serverTags;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final BlobGuard guard;

    ManifestPushes(ImageRepository images, ArtifactStore store, ServerTags serverTags, Transactions transactions,
                   AuditLog audit, Clock clock, BlobGuard guard) {
        this.guard = guard;
        this.images = images;
        this.store = store;
        this.serverTags = serverTags;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    Registry.Pushed push(String repository, String reference, byte[] body, String contentType, Pusher who)
            throws RegistryException, IOException {
        Optional<String> tag = tagOf(repository, reference);
        Manifest manifest = parse(body, contentType);
        if (tag.isEmpty() && !manifest.digest().toString().equals(reference)) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, "the manifest's digest is " + manifest.digest()
                    + ", not " + reference + " as the URL says: push it by its own digest or by a tag", reference);
        }
        // from the check that its blobs are there to its record: the collector cannot take them in between
        // a subject need not be here yet: the spec lets a referrer be pushed before what it refers to
        try (BlobGuard.Held held = guard.shared()) {
            return new Registry.Pushed(record(repository, tag, manifest, who), manifest.subject().map(Descriptor::digest));
        }
    }

    private Digest record(String repository, Optional<String> tag, Manifest manifest, Pusher who)
            throws RegistryException, IOException {
        requireReferenced(repository, manifest);
        store.storeBytes(manifest.bytes());
        Instant now = clock.instant();
        String app = StoredManifest.appOf(repository);
        StoredManifest stored = new StoredManifest(repository, app, manifest.digest(), manifest.mediaType(),
                manifest.bytes().length, manifest.imageSize(), manifest.config().map(Descriptor::digest),
                manifest.layers(), manifest.children().stream().map(Descriptor::digest).toList(), who.run(),
                who.user(), now, manifest.subject().map(Descriptor::digest), manifest.listedArtifactType(),
                manifest.annotations());
        transactions.run(() -> {
            images.recordManifest(stored);
            tag.ifPresent(t -> images.setTag(new ImageTag(repository, t, manifest.digest(), TagOwner.USER, now)));
            audit.record(who.user(), "image.pushed", app, repository + tag.map(t -> ":" + t).orElse(""),
                    null, manifest.digest() + (who.run().isPresent() ? " (run #" + who.run().getAsLong() + ")" : ""));
        });
        return manifest.digest();
    }

    /** The tag a reference names (empty for a digest); refused when it is the server's or is neither. */
    private Optional<String> tagOf(String repository, String reference) throws RegistryException {
        if (reference.startsWith("sha256:")) {
            try {
                Digest.parse(reference);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                throw new RegistryException(RegistryError.DIGEST_INVALID, e.getMessage(), reference);
            }
        }
        if (!RegistryNames.isTag(reference)) {
            throw new RegistryException(RegistryError.MANIFEST_INVALID, "'" + reference + "' is neither a tag "
                    + "([a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}) nor a sha256 digest", reference);
        }
        Optional<String> refusal = serverTags.refusal(repository, reference);
        if (refusal.isPresent()) {
            throw new RegistryException(RegistryError.DENIED, refusal.get(), reference);
        }
        return Optional.of(reference);
    }

    private static Manifest parse(byte[] body, String contentType) throws RegistryException {
        try {
            return Manifest.parse(body, contentType);
        } catch (ManifestException e) {
            throw new RegistryException(RegistryError.valueOf(e.code()), e.getMessage(), null);
        }
    }

    private void requireReferenced(String repository, Manifest manifest) throws RegistryException {
        for (Descriptor blob : manifest.blobs()) {
            if (!images.hasBlob(repository, blob.digest()) || !store.exists(blob.digest())) {
                throw new RegistryException(RegistryError.MANIFEST_BLOB_UNKNOWN, "the manifest references blob "
                        + blob.digest() + ", which is not in " + repository + ": push the blob first (or mount it)",
                        blob.digest().toString());
            }
        }
        for (Descriptor child : manifest.children()) {
            if (images.findManifest(repository, child.digest()).isEmpty()) {
                throw new RegistryException(RegistryError.MANIFEST_UNKNOWN, "the index references manifest "
                        + child.digest() + ", which is not in " + repository + ": push it first, by digest",
                        child.digest().toString(), 400);
            }
        }
    }
}
