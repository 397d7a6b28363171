package dev.slipway.imagebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder on a tiny base (Debian busybox-static's /bin/busybox and its /bin/sh symlink) and a stand-in jar, the
 * image read back by the real skopeo: entrypoint, arguments, labels, two layers, the base carried with its symlink.
 */
class SlipwayImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] JAR = "a stand-in for slipway.jar".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static Path image;

    @BeforeAll
    static void build() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        run("tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", dir.resolve("rootfs.tar").toString(), ".");
        Path jar = Files.write(dir.resolve("slipway.jar"), JAR);
        image = dir.resolve("out").resolve("slipway.tar");
        Files.createDirectories(image.getParent());

        SlipwayImage.main(new String[] {"--base", dir.resolve("rootfs.tar").toString(), "--jar", jar.toString(),
                "--out", image.toString(), "--name", "slipway:test", "--label", "org.opencontainers.image.version=9.9.9"});
    }

    @Test
    void itRunsTheJarAsTheServerOnTheDataDirectory() throws Exception {
        JsonNode config = JSON.readTree(run("skopeo", "inspect", "--config", "docker-archive:" + image)).get("config");

        assertThat(texts(config.get("Entrypoint"))).containsExactly("java", "-jar", "/app/slipway.jar");
        assertThat(texts(config.get("Cmd"))).containsExactly("server", "--data", "/data", "--host", "0.0.0.0");
        assertThat(texts(config.get("Env"))).containsAll(BaseTarball.ENV);
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("Volumes").has("/data")).isTrue();
        assertThat(config.at("/Labels/org.opencontainers.image.version").asText()).isEqualTo("9.9.9");
    }

    @Test
    void theBaseIsOneLayerCarriedAsItWasAndTheJarTheOther() throws Exception {
        JsonNode inspected = JSON.readTree(run("skopeo", "inspect", "docker-archive:" + image));
        assertThat(inspected.get("Layers")).hasSize(2);
        assertThat(inspected.get("Architecture").asText()).isEqualTo(BaseTarball.architecture());

        Path layout = dir.resolve("layout");
        run("skopeo", "copy", "docker-archive:" + image, "dir:" + layout);
        List<Map<String, TarArchiveEntry>> layers = new ArrayList<>();
        List<Map<String, byte[]>> contents = new ArrayList<>();
        for (JsonNode layer : inspected.get("Layers")) {
            Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
            Map<String, byte[]> bytes = new LinkedHashMap<>();
            Path blob = layout.resolve(layer.asText().substring("sha256:".length()));
            try (InputStream in = layerStream(blob); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    String name = e.getName().replaceFirst("^\\./", "");
                    entries.put(name, e);
                    bytes.put(name, tar.readAllBytes());
                }
            }
            layers.add(entries);
            contents.add(bytes);
        }

        assertThat(layers.get(0).get("bin/sh").isSymbolicLink()).as("bin/sh is still a symlink").isTrue();
        assertThat(layers.get(0).get("bin/sh").getLinkName()).isEqualTo("busybox");
        assertThat(contents.get(0).get("bin/busybox")).isEqualTo(Files.readAllBytes(Path.of("/bin/busybox")));
        assertThat(contents.get(1).get("app/slipway.jar")).isEqualTo(JAR);
        assertThat(layers.get(1).get("app/slipway.jar").getMode() & 0777).isEqualTo(0644);
    }

    @Test
    void aMissingInputIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> SlipwayImage.parse(List.of("--base", dir.resolve("nothing.tar").toString(), "--jar", "x",
                "--out", "o.tar", "--name", "n")))
                .hasMessage("--base " + dir.resolve("nothing.tar") + " is not a file");
        assertThatThrownBy(() -> SlipwayImage.parse(List.of("--jar", "x"))).hasMessage("--base is missing");
        assertThatThrownBy(() -> SlipwayImage.parse(List.of("--label", "novalue", "--base")))
                .hasMessage("--label must be KEY=VALUE, got 'novalue'");
    }

    /** A layer as skopeo wrote it: compressed or not, depending on the transport it came from. */
    private static InputStream layerStream(Path blob) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(blob)) {
            in.readNBytes(magic, 0, 2);
        }
        InputStream in = Files.newInputStream(blob);
        return (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b ? new GZIPInputStream(in) : in;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Runs a real program to its end (at most a minute); its output, or an AssertionError with both streams. */
    private static String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        Path err = Files.createTempFile(dir, "cmd", ".err");
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within a minute");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": "
                    + Files.readString(err));
        }
        return Files.readString(out);
    }
}
