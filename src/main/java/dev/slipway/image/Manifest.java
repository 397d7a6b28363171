package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A manifest as received or built, read just far enough to know what it references: an image manifest (a config and
 * layers) or an index (child manifests), and (OCI 1.1) the manifest it refers to ({@code subject}) with its
 * {@code artifactType} and annotations, which the referrers API lists. The bytes are kept as they came: the digest is
 * of them, never of a re-encoding.
 */
public record Manifest(String mediaType, byte[] bytes, Digest digest, Optional<Descriptor> config,
                       List<Descriptor> layers, List<Descriptor> children, Optional<Descriptor> subject,
                       Optional<String> artifactType, Map<String, String> annotations) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The distribution spec's limit a registry should accept at least; larger ones are refused, not read. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    public Manifest {
        layers = List.copyOf(layers);
        children = List.copyOf(children);
        annotations = Map.copyOf(annotations);
    }

    /**
     * Reads {@code bytes} sent with {@code contentType} (may be null or generic: the body's own mediaType then decides).
     * Errors carry MANIFEST_INVALID with what is wrong.
     */
    public static Manifest parse(byte[] bytes, String contentType) throws ManifestException {
        if (bytes.length > MAX_BYTES) {
            throw new ManifestException("SIZE_INVALID", "the manifest is " + bytes.length + " bytes; at most " + MAX_BYTES + " are accepted");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw invalid("the manifest is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw invalid("the manifest must be a JSON object");
        }
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw invalid("the manifest's schemaVersion must be 2 (schema 1 manifests are not supported)");
        }
        String mediaType = mediaType(root, contentType);
        Digest digest = Digest.ofBytes(bytes);
        Optional<Descriptor> subject = root.has("subject") ? Optional.of(descriptor(root.get("subject"), "subject"))
                : Optional.empty();
        Optional<String> artifactType = text(root, "artifactType");
        Map<String, String> annotations = annotations(root);
        if (OciMediaTypes.INDEXES.contains(mediaType)) {
            return new Manifest(mediaType, bytes, digest, Optional.empty(), List.of(), descriptors(root, "manifests", true),
                    subject, artifactType, annotations);
        }
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw invalid("an image manifest needs a 'config' descriptor");
        }
        return new Manifest(mediaType, bytes, digest, Optional.of(descriptor(config, "config")),
                descriptors(root, "layers", false), List.of(), subject, artifactType, annotations);
    }

    /**
     * The type the referrers API lists for this manifest: its {@code artifactType}, else (an image manifest) its
     * config's media type, as the distribution spec says.
     */
    public Optional<String> listedArtifactType() {
        return artifactType.isPresent() ? artifactType : config.map(Descriptor::mediaType);
    }

    private static Optional<String> text(JsonNode root, String field) throws ManifestException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw invalid("'" + field + "' must be a media type (a non-empty string)");
        }
        return Optional.of(value.asText());
    }

    private static Map<String, String> annotations(JsonNode root) {
        JsonNode node = root.get("annotations");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        // read, not judged: a manifest pulled from elsewhere with an odd annotation must still deploy; only string
        // values are listed by the referrers API
        Map<String, String> annotations = new TreeMap<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getValue().isTextual()) {
                    annotations.put(entry.getKey(), entry.getValue().asText());
                }
            }
        }
        return annotations;
    }

    /** Every blob this manifest needs stored beside it: the config and the layers (children are manifests, not blobs). */
    public List<Descriptor> blobs() {
        List<Descriptor> blobs = new ArrayList<>();
        config.ifPresent(blobs::add);
        blobs.addAll(layers);
        return blobs;
    }

    public boolean isIndex() {
        return OciMediaTypes.INDEXES.contains(mediaType);
    }

    /** The config and layer sizes added up (what a pull transfers at most; children not included). */
    public long imageSize() {
        return blobs().stream().mapToLong(Descriptor::size).sum();
    }

    private static String mediaType(JsonNode root, String contentType) throws ManifestException {
        String declared = root.path("mediaType").asText("");
        String sent = contentType == null ? "" : contentType.split(";", 2)[0].trim();
        if (!declared.isEmpty() && !sent.isEmpty() && OciMediaTypes.isManifest(sent) && !declared.equals(sent)) {
            throw invalid("the manifest says its mediaType is '" + declared + "' but was sent as '" + sent + "'");
        }
        String mediaType = !declared.isEmpty() ? declared : OciMediaTypes.isManifest(sent) ? sent
                : root.has("manifests") ? OciMediaTypes.OCI_INDEX : OciMediaTypes.OCI_MANIFEST;
        if (!OciMediaTypes.isManifest(mediaType)) {
            throw invalid("unsupported manifest media type '" + mediaType + "'; use " + OciMediaTypes.OCI_MANIFEST
                    + ", " + OciMediaTypes.OCI_INDEX + " or Docker's schema 2");
        }
        return mediaType;
    }

    private static List<Descriptor> descriptors(JsonNode root, String field, boolean required) throws ManifestException {
        JsonNode list = root.get(field);
        if (list == null && !required) {
            return List.of();
        }
        if (list == null || !list.isArray()) {
            throw invalid("'" + field + "' must be a list of descriptors");
        }
        List<Descriptor> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            result.add(descriptor(list.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node, String where) throws ManifestException {
        if (!node.isObject() || !node.path("mediaType").isTextual() || !node.path("digest").isTextual()
                || !node.path("size").canConvertToLong()) {
            throw invalid(where + " must be a descriptor with mediaType, digest and size");
        }
        Digest digest;
        try {
            digest = Digest.parse(node.get("digest").asText());
        } catch (IllegalArgumentException e) {
            throw invalid(where + ": " + e.getMessage());
        }
        long size = node.get("size").asLong();
        if (size < 0) {
            throw invalid(where + ": size " + size + " is negative");
        }
        return new Descriptor(node.get("mediaType").asText(), digest, size);
    }

    private static ManifestException invalid(String message) {
        return new ManifestException("MANIFEST_INVALID", message);
    }
}
