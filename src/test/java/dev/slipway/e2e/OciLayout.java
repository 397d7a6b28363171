package dev.slipway.e2e;

import dev.slipway.artifact.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An OCI image layout on disk, written the way the image spec describes it (oci-layout, index.json, blobs/sha256/):
 * one gzipped layer holding the given files, its config and its manifest, tagged in the index — what
 * `skopeo copy oci:DIR:TAG …` reads.
 */
final class OciLayout {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    private OciLayout() {}

    /** Writes the layout; returns the manifest's digest. */
    static Digest write(Path dir, String tag, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] tar = tar(files);
        // compressed, as registries' images are: skopeo would compress an uncompressed layer itself, changing the digest
        byte[] layer = gzip(tar);
        Digest layerDigest = blob(dir, layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/busybox\",\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.ofBytes(tar) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = blob(dir, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = blob(dir, manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MANIFEST_TYPE + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return manifestDigest;
    }

    /** A tar of {@code files} (path → content; executable), as a layer or as a root file system to import. */
    static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0100755);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(content);
        }
        return bytes.toByteArray();
    }

    private static Digest blob(Path dir, byte[] content) throws IOException {
        Digest digest = Digest.ofBytes(content);
        Files.write(dir.resolve("blobs/sha256").resolve(digest.hex()), content);
        return digest;
    }
}
