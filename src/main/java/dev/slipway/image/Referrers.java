package dev.slipway.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What the server itself attaches to an image of an app (an SBOM, later signatures): one blob, wrapped in an OCI 1.1
 * artifact manifest — the empty config, that blob as its one layer, the image as its {@code subject} — and recorded
 * beside the image in its repository, where the referrers API lists it. The manifest's bytes depend only on the
 * inputs, so attaching the same content again records nothing new.
 */
public final class Referrers {
    /** The OCI image spec's empty descriptor: {@code {}} stands for a config an artifact does not have. */
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);
    /** Who recorded an attached manifest (no run: {@code image: { pushed: }} must not take it for the run's image). */
    static final String ATTACHED_BY = "slipway";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArtifactStore store;
    private final ImageRepository images;
    private final Clock clock;
    private final BlobGuard guard;

    public Referrers(ArtifactStore store, ImageRepository images, Clock clock, BlobGuard guard) {
        this.store = store;
        this.images = images;
        this.clock = clock;
        this.guard = guard;
    }

    /** Whether the app's artifact with this digest is an image (something to attach to). */
    public boolean isImage(String app, Digest digest) {
        return images.findImage(app, digest).isPresent();
    }

    /**
     * Attaches {@code content} (of {@code layerMediaType}) to the app's image {@code subject} as an artifact of
     * {@code artifactType}, with {@code annotations}; returns the referrer's manifest digest (the same for the same
     * inputs). Refused when the app has no image with that digest.
     */
    public Digest attach(String app, Digest subject, String artifactType, String layerMediaType, byte[] content,
                         Map<String, String> annotations) throws IOException, ImageException {
        StoredManifest image = images.findImage(app, subject).orElseThrow(() -> new ImageException("app '" + app
                + "' has no image " + subject + " to attach " + artifactType + " to"));
        Descriptor config = new Descriptor(EMPTY_MEDIA_TYPE, store.storeBytes(EMPTY), EMPTY.length);
        Descriptor layer = new Descriptor(layerMediaType, store.storeBytes(content), content.length);
        byte[] manifest = manifest(artifactType, config, layer,
                new Descriptor(image.mediaType(), image.digest(), image.size()), annotations);
        Digest digest = store.storeBytes(manifest);
        StoredManifest stored = new StoredManifest(image.repository(), app, digest, OciMediaTypes.OCI_MANIFEST,
                manifest.length, config.size() + layer.size(), Optional.of(config.digest()), List.of(layer), List.of(),
                OptionalLong.empty(), ATTACHED_BY, clock.instant(), Optional.of(subject), Optional.of(artifactType),
                annotations);
        // the blobs are checked and the record made under the guard: one stored long ago (the same SBOM again) may
        // have been collected in the instant after it was found already there
        try (BlobGuard.Held held = guard.shared()) {
            for (Digest blob : List.of(config.digest(), layer.digest(), digest)) {
                if (!store.exists(blob)) {
                    throw new ImageException("blob " + blob + " was collected from the content store while "
                            + artifactType + " was attached to " + subject + "; attach it again");
                }
            }
            images.recordManifest(stored);
        }
        return digest;
    }

    /** The manifest's bytes: keys in a fixed order, annotations sorted, nothing that varies between two calls. */
    static byte[] manifest(String artifactType, Descriptor config, Descriptor layer, Descriptor subject,
                           Map<String, String> annotations) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", OciMediaTypes.OCI_MANIFEST);
        root.put("artifactType", artifactType);
        root.set("config", ImageConfigs.descriptor(config));
        root.putArray("layers").add(ImageConfigs.descriptor(layer));
        root.set("subject", ImageConfigs.descriptor(subject));
        if (!annotations.isEmpty()) {
            ObjectNode sorted = root.putObject("annotations");
            new TreeMap<>(annotations).forEach(sorted::put);
        }
        return ImageConfigs.bytes(root);
    }
}
