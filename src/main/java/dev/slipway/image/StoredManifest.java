package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A manifest stored in a repository ({@code APP} or {@code APP/NAME}) of Slipway's registry: what it references
 * (for pulls and the collector), and where it came from — the run that built or pushed it, if any, and who. A
 * referrer (OCI 1.1) also names its {@code subject}, with the {@code artifactType} and annotations the referrers
 * API lists; the collector keeps it as long as it keeps the subject.
 */
public record StoredManifest(String repository, String app, Digest digest, String mediaType, long size, long imageSize,
                             Optional<Digest> config, List<Descriptor> layers, List<Digest> children,
                             OptionalLong run, String pushedBy, Instant createdAt, Optional<Digest> subject,
                             Optional<String> artifactType, Map<String, String> annotations) {
    public StoredManifest {
        layers = List.copyOf(layers);
        children = List.copyOf(children);
        annotations = Map.copyOf(annotations);
    }

    /** A manifest that refers to no other (an image, an index). */
    public StoredManifest(String repository, String app, Digest digest, String mediaType, long size, long imageSize,
                          Optional<Digest> config, List<Descriptor> layers, List<Digest> children,
                          OptionalLong run, String pushedBy, Instant createdAt) {
        this(repository, app, digest, mediaType, size, imageSize, config, layers, children, run, pushedBy, createdAt,
                Optional.empty(), Optional.empty(), Map.of());
    }

    /** Every blob the manifest references: config first, then the layers. */
    public List<Digest> blobs() {
        List<Digest> blobs = new java.util.ArrayList<>();
        config.ifPresent(blobs::add);
        layers.forEach(l -> blobs.add(l.digest()));
        return blobs;
    }

    /** The app a repository belongs to: its first path segment. */
    public static String appOf(String repository) {
        int slash = repository.indexOf('/');
        return slash < 0 ? repository : repository.substring(0, slash);
    }
}
