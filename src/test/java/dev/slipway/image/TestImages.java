package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small real images for registry tests: a gzipped tar layer, an OCI config and manifest, an index over manifests. */
final class TestImages {
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX = "application/vnd.oci.image.index.v1+json";

    /** Blobs as files in {@code dir}, named by digest hex; the manifest (or index) bytes. */
    record TestImage(Digest digest, String mediaType, byte[] manifest, Map<Digest, Path> blobs, Map<Digest, byte[]> children) {
        Path blob(Digest digest) {
            Path path = blobs.get(digest);
            if (path == null) {
                throw new IllegalArgumentException("no blob " + digest);
            }
            return path;
        }
    }

    private TestImages() {}

    static TestImage image(Path dir, String content) throws IOException {
        Files.createDirectories(dir);
        Map<Digest, Path> blobs = new LinkedHashMap<>();
        byte[] tar = tar("hello.txt", content);
        byte[] layer = gzip(tar);
        Digest layerDigest = put(dir, layer, blobs);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + RegistryClient.sha256(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = put(dir, config, blobs);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        return new TestImage(RegistryClient.sha256(manifest), MANIFEST, manifest, blobs, Map.of());
    }

    /** An index over two platform images (amd64 and arm64), each with its own layer. */
    static TestImage index(Path dir, String content) throws IOException {
        TestImage amd = image(dir, content + " amd64");
        TestImage arm = image(dir, content + " arm64");
        Map<Digest, Path> blobs = new LinkedHashMap<>(amd.blobs());
        blobs.putAll(arm.blobs());
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + child(amd, "amd64") + "," + child(arm, "arm64") + "]}").getBytes(StandardCharsets.UTF_8);
        return new TestImage(RegistryClient.sha256(index), INDEX, index, blobs,
                Map.of(amd.digest(), amd.manifest(), arm.digest(), arm.manifest()));
    }

    private static String child(TestImage image, String architecture) {
        return "{\"mediaType\":\"" + MANIFEST + "\",\"digest\":\"" + image.digest() + "\",\"size\":"
                + image.manifest().length + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}}";
    }

    private static Digest put(Path dir, byte[] bytes, Map<Digest, Path> blobs) throws IOException {
        Digest digest = RegistryClient.sha256(bytes);
        Path file = dir.resolve(digest.hex());
        Files.write(file, bytes);
        blobs.put(digest, file);
        return digest;
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            entry.setModTime(0);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }
}
