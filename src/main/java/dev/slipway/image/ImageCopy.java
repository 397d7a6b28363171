package dev.slipway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Copies an image between Slipway's content store and an external registry, by digest, never changing a byte:
 * out ({@link #push}) all blobs first (for an index, each child's blobs and then the child manifest), then the
 * manifest, then its tags, and finally the manifest read back to see that the registry keeps the same digest; in
 * ({@link #pull}) the manifest checked against its digest, then every blob it references, each checked as it
 * arrives. Any refusal is a {@link RegistryException} in the registry's own words.
 */
public final class ImageCopy {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

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
    private String pushTree(RegistryClient to, String repository, byte[] manifest, Digest digest,
                            Function<Digest, Path> blobFiles) {
        JsonNode json = read(manifest, digest);
        String mediaType = mediaType(json);
        if (isIndex(json)) {
            for (JsonNode child : json.path("manifests")) {
                Digest childDigest = digestOf(child, digest);
                byte[] childBytes = readFile(blobFiles.apply(childDigest), childDigest);
                pushTree(to, repository, childBytes, childDigest, blobFiles);
            }
        } else {
            for (Digest blob : blobsOf(json, digest)) {
                to.pushBlob(repository, blob, blobFiles.apply(blob), Optional.empty());
            }
        }
        Digest answered = to.pushManifest(repository, digest.toString(), mediaType, manifest);
        requireSame(to, repository + "@" + digest, digest, answered);
        return mediaType;
    }

    /**
     * Fetches the image into {@code directory} (each blob and child manifest as a file named by its digest's hex),
     * skipping blobs {@code have} says are already kept. Children of an index are pulled whole, every platform.
     */
    public PulledImage pull(RegistryClient from, ImageReference reference, Path directory, Predicate<Digest> have) {
        RegistryClient.FetchedManifest fetched = from.manifest(reference);
        Map<Digest, Path> blobs = new LinkedHashMap<>();
        pullTree(from, reference.repository(), fetched, directory, have, blobs);
        return new PulledImage(fetched.digest(), fetched.mediaType(), fetched.bytes(), blobs);
    }

    private void pullTree(RegistryClient from, String repository, RegistryClient.FetchedManifest manifest, Path directory,
                          Predicate<Digest> have, Map<Digest, Path> blobs) {
        JsonNode json = read(manifest.bytes(), manifest.digest());
        if (isIndex(json)) {
            for (JsonNode child : json.path("manifests")) {
                Digest childDigest = digestOf(child, manifest.digest());
                RegistryClient.FetchedManifest childManifest = from.manifest(
                        new ImageReference(from.registry(), repository, Optional.empty(), Optional.of(childDigest)));
                Path file = directory.resolve(childDigest.hex());
                write(file, childManifest.bytes());
                blobs.put(childDigest, file);
                pullTree(from, repository, childManifest, directory, have, blobs);
            }
            return;
        }
        for (Digest blob : blobsOf(json, manifest.digest())) {
            if (!have.test(blob)) {
                Path file = directory.resolve(blob.hex());
                from.blob(repository, blob, file);
                blobs.put(blob, file);
            }
        }
    }

    private static void requireSame(RegistryClient registry, String where, Digest expected, Digest got) {
        if (!expected.equals(got)) {
            throw RegistryException.of("registry " + registry.registry() + " keeps " + where + " as " + got
                    + ", not " + expected + ": it changed the manifest, so the copy is not the image Slipway tested");
        }
    }

    private static boolean isIndex(JsonNode json) {
        return json.has("manifests");
    }

    /** The manifest's own word, else what its shape says (OCI lets {@code mediaType} out). */
    private static String mediaType(JsonNode json) {
        String declared = json.path("mediaType").asText("");
        if (!declared.isEmpty()) {
            return declared;
        }
        return isIndex(json) ? OCI_INDEX : OCI_MANIFEST;
    }

    /** The config and the layers: every blob an image manifest references. */
    private static List<Digest> blobsOf(JsonNode json, Digest manifest) {
        List<Digest> blobs = new ArrayList<>();
        if (!json.has("config")) {
            throw RegistryException.of("manifest " + manifest + " is neither an image manifest (config, layers) nor an "
                    + "index (manifests); Slipway cannot copy it");
        }
        blobs.add(digestOf(json.path("config"), manifest));
        for (JsonNode layer : json.path("layers")) {
            Digest digest = digestOf(layer, manifest);
            if (!blobs.contains(digest)) {
                blobs.add(digest);
            }
        }
        return blobs;
    }

    private static Digest digestOf(JsonNode descriptor, Digest manifest) {
        String text = descriptor.path("digest").asText("");
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw RegistryException.of("manifest " + manifest + " references '" + text + "', which Slipway cannot "
                    + "copy: " + e.getMessage());
        }
    }

    private static JsonNode read(byte[] manifest, Digest digest) {
        try {
            return JSON.readTree(manifest);
        } catch (IOException e) {
            throw RegistryException.of("manifest " + digest + " is not JSON; Slipway cannot copy it");
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
