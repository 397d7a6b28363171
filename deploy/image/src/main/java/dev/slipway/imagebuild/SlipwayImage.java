package dev.slipway.imagebuild;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slipway's own image, built offline with jib-core: a root file system with a JRE as the base layer (carried as it
 * is, see {@link BaseTarball}) and Slipway's shaded jar as {@code /app/slipway.jar} on top; entrypoint
 * {@code java -jar /app/slipway.jar}, default arguments {@code server --data /data --host 0.0.0.0}. Written as a
 * `docker save` tarball ({@code docker load}, or {@code skopeo copy docker-archive:…} to a registry).
 *
 * <pre>java -jar slipway-image-builder.jar --base ROOTFS.tar --jar slipway.jar --out IMAGE.tar --name slipway:TAG
 *     [--label KEY=VALUE]... [--cache DIR]</pre>
 */
public final class SlipwayImage {
    static final String JAR = "/app/slipway.jar";
    static final List<String> ENTRYPOINT = List.of("java", "-jar", JAR);
    /** Listening on every address: a server on the container's own loopback could not be reached from outside it. */
    static final List<String> ARGS = List.of("server", "--data", "/data", "--host", "0.0.0.0");

    /** What to build: the rootfs tarball, the jar, where the image goes and its name, labels, jib's layer cache. */
    record Spec(Path base, Path jar, Path out, String name, Map<String, String> labels, Path cache) {
    }

    private SlipwayImage() {
    }

    public static void main(String[] args) throws Exception {
        Spec spec;
        try {
            spec = parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("slipway-image-builder: " + e.getMessage());
            System.err.println("usage: --base ROOTFS.tar --jar slipway.jar --out IMAGE.tar --name NAME:TAG "
                    + "[--label KEY=VALUE]... [--cache DIR]");
            System.exit(2);
            return;
        }
        JibContainer built = build(spec);
        System.out.println("slipway-image-builder: " + spec.name() + " " + built.getDigest() + " -> " + spec.out());
    }

    /** Builds the image into {@code spec.out()}; the base is wrapped next to it and removed afterwards. */
    static JibContainer build(Spec spec) throws Exception {
        Path wrapped = Files.createTempFile(spec.out().toAbsolutePath().getParent(), "base", ".tar");
        try {
            BaseTarball.write(spec.base(), wrapped);
            FileEntriesLayer jar = FileEntriesLayer.builder().setName("slipway")
                    .addEntry(spec.jar(), AbsoluteUnixPath.get(JAR), FilePermissions.fromOctalString("644"),
                            Instant.EPOCH.plusSeconds(1))
                    .build();
            var builder = Jib.from(TarImage.at(wrapped))
                    .addFileEntriesLayer(jar)
                    .setEntrypoint(ENTRYPOINT)
                    .setProgramArguments(ARGS)
                    .addExposedPort(Port.tcp(8080))
                    .addVolume(AbsoluteUnixPath.get("/data"))
                    .setFormat(ImageFormat.Docker)
                    .setCreationTime(Instant.EPOCH);
            spec.labels().forEach(builder::addLabel);
            return builder.containerize(Containerizer.to(TarImage.at(spec.out()).named(spec.name()))
                    .setBaseImageLayersCache(spec.cache().resolve("base"))
                    .setApplicationLayersCache(spec.cache().resolve("application"))
                    .setToolName("slipway-image-builder"));
        } finally {
            Files.deleteIfExists(wrapped);
        }
    }

    static Spec parse(List<String> args) {
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            if (!flag.matches("--(base|jar|out|name|label|cache)") || rest.isEmpty()) {
                throw new IllegalArgumentException(rest.isEmpty() && flag.startsWith("--") ? flag + " needs a value"
                        : "unknown argument '" + flag + "'");
            }
            String value = rest.remove(0);
            if (flag.equals("--label")) {
                int eq = value.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--label must be KEY=VALUE, got '" + value + "'");
                }
                labels.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                given.put(flag, value);
            }
        }
        for (String required : List.of("--base", "--jar", "--out", "--name")) {
            if (!given.containsKey(required)) {
                throw new IllegalArgumentException(required + " is missing");
            }
        }
        Path base = existing(given.get("--base"), "--base");
        Path jar = existing(given.get("--jar"), "--jar");
        Path out = Path.of(given.get("--out")).toAbsolutePath();
        Path cache = Path.of(given.getOrDefault("--cache", out.getParent().resolve("jib-cache").toString()));
        return new Spec(base, jar, out, given.get("--name"), labels, cache);
    }

    private static Path existing(String path, String flag) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + " " + path + " is not a file");
        }
        return file;
    }
}
