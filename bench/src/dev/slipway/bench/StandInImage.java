package dev.slipway.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * An OCI image layout (tag "bench") of one uncompressed layer: Debian busybox-static's /bin/busybox (and /bin/sh)
 * plus N MB of incompressible bytes in /data/random.bin, seeded so every run writes the same bytes. A stand-in for
 * the image Slipway will build until bench/images builds it through a pipeline (TODO(slipway) in {@link Images}).
 */
final class StandInImage {
    private StandInImage() {}

    static Path write(Path layout, int megabytes) throws Exception {
        Path rootfs = layout.resolveSibling("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        writeRandom(rootfs.resolve("data/random.bin"), megabytes);
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Path layer = layout.resolveSibling("layer.tar");
        Commands.run(Path.of("").toAbsolutePath(), "tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0",
                "--numeric-owner", "-C", rootfs.toString(), "-cf", layer.toString(), ".");
        String layerDigest = sha256(layer);
        long layerSize = Files.size(layer);
        Files.move(layer, blobs.resolve(hex(layerDigest)));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}";
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", blob(blobs, config), config.length())
                + ",\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest, layerSize) + "]}";
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"" + blob(blobs, manifest) + "\",\"size\":" + manifest.length()
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"bench\"}}]}";
        Files.writeString(layout.resolve("index.json"), index);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return layout;
    }

    private static void writeRandom(Path file, int megabytes) throws Exception {
        Random random = new Random(14);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }

    private static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    /** Stores ASCII JSON as a blob; returns its digest. */
    private static String blob(Path blobs, String json) throws Exception {
        Path file = blobs.resolve("new");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        String digest = sha256(file);
        Files.move(file, blobs.resolve(hex(digest)));
        return digest;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }
}
