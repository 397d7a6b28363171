package dev.slipway.testing;

import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A busybox image that serves /www (index.html, healthz) on 127.0.0.1:$PORT, pushed with {@code docker push} into a
 * registry the test's engine is logged in to; the engine's own copy is removed again, so a target must pull it.
 */
public final class ServingImage {
    /** The image's own command. */
    public static final String SERVE = "exec busybox httpd -f -p 127.0.0.1:$PORT -h /www";

    private ServingImage() {}

    /** Pushes REGISTRY/REPOSITORY:TAG serving {@code index}; returns the manifest digest the registry reported. */
    public static Digest push(TestDocker docker, Path work, String registry, String repository, String tag,
                              String index) {
        try {
            Path rootfs = work.resolve(tag + "/rootfs");
            BusyboxBase.writeRootfs(rootfs);
            Files.createDirectories(rootfs.resolve("www"));
            Files.writeString(rootfs.resolve("www/index.html"), index + "\n");
            Files.writeString(rootfs.resolve("www/healthz"), "ok\n");
            Path tar = work.resolve(tag + "/rootfs.tar");
            RealCommand.run(Duration.ofMinutes(1), Map.of(), List.of("tar", "-C", rootfs.toString(), "-cf",
                    tar.toString(), ".")).ok();
            String image = registry + "/" + repository + ":" + tag;
            docker.docker("import", "--change", "CMD [\"/bin/sh\", \"-c\", \"" + SERVE + "\"]", tar.toString(), image)
                    .ok();
            String pushed = docker.docker("push", image).ok().output();
            Matcher digest = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(pushed);
            if (!digest.find()) {
                throw new AssertionError("docker push printed no digest: " + pushed);
            }
            docker.docker("rmi", image).ok();
            return Digest.parse(digest.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
