package dev.slipway.imagebuild;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A root file system tarball (bin/build-rootfs) made into a one-layer base image in `docker save` form, the form
 * jib-core takes a base from ({@code Jib.from(TarImage)}). The rootfs goes in as it is, byte for byte: jib's own
 * file layers would turn its symlinks ({@code /bin -> usr/bin}, {@code /etc/alternatives/java}) into copies or empty
 * directories, so the base is never rebuilt by jib, only carried.
 */
final class BaseTarball {
    /** What every process in the image finds without a login shell: Debian's default PATH, a UTF-8 locale. */
    static final List<String> ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG=C.UTF-8");

    private BaseTarball() {
    }

    /** Writes {@code rootfs} into {@code out} as manifest.json, config.json and layer.tar. */
    static void write(Path rootfs, Path out) throws IOException {
        String diffId = "sha256:" + sha256(rootfs);
        ObjectMapper json = new ObjectMapper();
        byte[] config = json.writeValueAsBytes(Map.of(
                "architecture", architecture(), "os", "linux",
                "config", Map.of("Env", ENV),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(diffId)),
                "history", List.of(Map.of("created_by", "bin/build-rootfs: " + rootfs.getFileName()))));
        byte[] manifest = json.writeValueAsBytes(List.of(Map.of(
                "Config", "config.json", "RepoTags", List.of(), "Layers", List.of("layer.tar"))));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entry(tar, "manifest.json", manifest);
            entry(tar, "config.json", config);
            TarArchiveEntry layer = new TarArchiveEntry("layer.tar");
            layer.setSize(Files.size(rootfs));
            tar.putArchiveEntry(layer);
            Files.copy(rootfs, tar);
            tar.closeArchiveEntry();
        }
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The OCI name of this machine's architecture, which the rootfs was made for (debootstrap's default). */
    static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
