package dev.slipway.retention;

import dev.slipway.artifact.Digest;
import dev.slipway.image.StoredManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the collector's mark found, as of {@code startedAt}: the digests the policy keeps (with every blob and child
 * of a kept image), the records it would forget, and the stored blobs it would delete. Anything recorded or stored
 * after {@code cutoff} is left alone by the sweep, whatever this says. {@code artifacts}: the digests that have an
 * artifact record (marked collected when their file goes).
 */
record Mark(Instant startedAt, Instant cutoff, Set<Digest> kept, List<StoredManifest> manifests,
            List<RetentionFacts.BlobLink> links, List<Blob> blobs, Map<Digest, String> owners,
            Set<Digest> artifacts) {
    /** The app owning a digest in a report, when no artifact, manifest or link names one. */
    static final String UNOWNED = "(none)";

    /** A stored blob nothing keeps: its size and the app it belonged to. */
    record Blob(Digest digest, long size, String app) {}

    Mark {
        kept = Set.copyOf(kept);
        manifests = List.copyOf(manifests);
        links = List.copyOf(links);
        blobs = List.copyOf(blobs);
        owners = Map.copyOf(owners);
        artifacts = Set.copyOf(artifacts);
    }
}
