package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The JDK 17 + Maven build image container jobs run in: built once per machine by {@code bin/build-image-jdk} (no
 * image can be pulled here; .ci/run builds it before the tests) into a root file system tarball outside the clone,
 * and imported into an engine once, when the engine lacks it.
 */
public final class JdkMavenImage {
    public static final String NAME = "slipway-test/jdk-maven:bookworm";
    private static final Path TAR = Path.of(System.getenv().getOrDefault("SLIPWAY_JDK_IMAGE_TAR",
            "/var/cache/slipway-test/jdk-maven.tar"));

    private JdkMavenImage() {}

    /** Makes sure the engine has the image, building the tarball first if this machine has none yet. */
    public static synchronized String in(TestDocker docker) throws IOException, InterruptedException {
        if (docker.docker("image", "inspect", NAME).exitCode() == 0) {
            return NAME;
        }
        if (!Files.isRegularFile(TAR)) {
            Process build = new ProcessBuilder("bin/build-image-jdk", TAR.toString()).inheritIO().start();
            assertThat(build.waitFor()).as("bin/build-image-jdk").isZero();
        }
        CommandResult imported = docker.docker(Duration.ofMinutes(5), "import", TAR.toString(), NAME);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        return NAME;
    }
}
