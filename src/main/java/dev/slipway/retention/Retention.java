package dev.slipway.retention;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.StoredManifest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The retention policy applied to the content store: which digests are kept ({@link RetentionFacts#roots} and,
 * for every kept image manifest, its config, layers and child manifests with theirs, and the manifests that refer to
 * it as their subject), and so which manifests, blob
 * links and stored blobs nothing keeps. It only reads; {@link Gc} acts on what it finds.
 */
public final class Retention {
    private final RetentionFacts facts;
    private final ImageRepository images;
    private final ArtifactStore store;
    private final RetentionPolicy policy;

    public Retention(RetentionFacts facts, ImageRepository images, ArtifactStore store, RetentionPolicy policy) {
        this.facts = facts;
        this.images = images;
        this.store = store;
        this.policy = policy;
    }

    public RetentionPolicy policy() {
        return policy;
    }

    /** Marks as of {@code startedAt}, which must be taken before anything is read. */
    Mark mark(Instant startedAt) throws IOException {
        Instant cutoff = policy.cutoff(startedAt);
        List<StoredManifest> manifests = images.allManifests();
        List<RetentionFacts.BlobLink> links = facts.links();
        Set<Digest> kept = new HashSet<>(closure(facts.roots(policy, startedAt), manifests));
        // an artifact's SBOMs go with it
        facts.documents().forEach((artifact, documents) -> {
            if (kept.contains(artifact)) {
                kept.addAll(documents);
            }
        });
        Map<Digest, String> artifactApps = facts.artifactApps();
        Map<Digest, String> owners = owners(artifactApps, manifests, links);
        List<StoredManifest> forgotten = manifests.stream().filter(m -> !kept.contains(m.digest())).toList();
        List<RetentionFacts.BlobLink> unlinked = new ArrayList<>();
        Set<Digest> stillLinked = new HashSet<>();
        for (RetentionFacts.BlobLink link : links) {
            if (kept.contains(link.digest()) || !link.linkedAt().isBefore(cutoff)) {
                stillLinked.add(link.digest());
            } else {
                unlinked.add(link);
            }
        }
        List<Mark.Blob> blobs = new ArrayList<>();
        for (Digest digest : store.list()) {
            if (!kept.contains(digest) && !stillLinked.contains(digest) && storedBefore(digest, cutoff)) {
                blobs.add(new Mark.Blob(digest, sizeOf(digest), owners.getOrDefault(digest, Mark.UNOWNED)));
            }
        }
        return new Mark(startedAt, cutoff, kept, forgotten, unlinked, blobs, owners, artifactApps.keySet());
    }

    /** Whether a digest is still needed now, read again just before it is forgotten or deleted. */
    boolean needed(Digest digest, Instant now) {
        return facts.needed(digest, policy, now);
    }

    /** Whether a manifest or link still names the digest (after the forgetting: only those kept or made since). */
    boolean recorded(Digest digest) {
        return facts.recorded(digest);
    }

    Optional<Instant> linkedAt(RetentionFacts.BlobLink link) {
        return facts.linkedAt(link.repository(), link.digest());
    }

    /** True if the blob is stored and its file was written (or stored again) before {@code cutoff}. */
    boolean storedBefore(Digest digest, Instant cutoff) throws IOException {
        return store.storedAt(digest).map(at -> at.isBefore(cutoff)).orElse(false);
    }

    /**
     * The roots and everything a kept manifest references, transitively (an index's children, their blobs), and every
     * manifest that refers to a kept one (its subject): an image's SBOM or signature goes only with the image.
     */
    static Set<Digest> closure(Set<Digest> roots, List<StoredManifest> manifests) {
        Map<Digest, List<StoredManifest>> byDigest = new HashMap<>();
        Map<Digest, List<Digest>> referrers = new HashMap<>();
        manifests.forEach(m -> byDigest.computeIfAbsent(m.digest(), d -> new ArrayList<>()).add(m));
        manifests.forEach(m -> m.subject().ifPresent(s -> referrers.computeIfAbsent(s, d -> new ArrayList<>())
                .add(m.digest())));
        Set<Digest> kept = new HashSet<>();
        Deque<Digest> next = new ArrayDeque<>(roots);
        while (!next.isEmpty()) {
            Digest digest = next.pop();
            if (kept.add(digest)) {
                next.addAll(referrers.getOrDefault(digest, List.of()));
                for (StoredManifest manifest : byDigest.getOrDefault(digest, List.of())) {
                    next.addAll(manifest.blobs());
                    next.addAll(manifest.children());
                }
            }
        }
        return kept;
    }

    /** Which app each digest belongs to, for the report: its artifact record, else a manifest, else a link. */
    private static Map<Digest, String> owners(Map<Digest, String> artifactApps, List<StoredManifest> manifests,
                                              List<RetentionFacts.BlobLink> links) {
        Map<Digest, String> owners = new HashMap<>(artifactApps);
        for (StoredManifest m : manifests) {
            owners.putIfAbsent(m.digest(), m.app());
            m.blobs().forEach(d -> owners.putIfAbsent(d, m.app()));
            m.children().forEach(d -> owners.putIfAbsent(d, m.app()));
        }
        links.forEach(l -> owners.putIfAbsent(l.digest(), StoredManifest.appOf(l.repository())));
        return owners;
    }

    private long sizeOf(Digest digest) throws IOException {
        try {
            return store.size(digest);
        } catch (java.nio.file.NoSuchFileException gone) {
            return 0;
        }
    }
}
