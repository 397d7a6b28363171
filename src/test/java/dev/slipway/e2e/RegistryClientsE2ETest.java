package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.testing.CommandResult;
import dev.slipway.testing.Skopeo;
import dev.slipway.testing.TestDocker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slipway's registry with the clients people use: skopeo copies an OCI layout in and back out, digest intact;
 * docker logs in, pushes an image built outside Slipway and pulls it by tag and by digest from a real engine.
 */
class RegistryClientsE2ETest extends OneServerE2E {
    static final ObjectMapper JSON = new ObjectMapper();
    static String token;

    @BeforeAll
    static void appAndDeveloper() {
        createApp("images");
        token = tokenFor("builder", "developer", "images");
    }

    static String registry() {
        return server.url().substring("http://".length());
    }

    @Test
    void skopeoCopiesAnOciLayoutInAndBackOutWithTheSameDigest() throws Exception {
        Path layout = tmp.resolve("layout");
        Digest digest = OciLayout.write(layout, "v", Map.of("hello.txt", "hello from a layout\n".getBytes()));
        String image = registry() + "/images/tools:first";
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));

        CommandResult anonymous = skopeo.copy("oci:" + layout + ":v", "docker://" + image);
        assertThat(anonymous.exitCode()).as(anonymous.output()).isNotZero();
        assertThat(anonymous.output()).containsIgnoringCase("unauthorized");

        skopeo.login(registry(), "builder", token).ok();
        skopeo.copy("oci:" + layout + ":v", "docker://" + image).ok();
        assertThat(JSON.readTree(skopeo.inspect(image)).get("Digest").asText()).isEqualTo(digest.toString());
        String raw = skopeo.rawManifest(registry() + "/images/tools@" + digest);
        assertThat(Digest.ofBytes(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(digest);

        Path back = tmp.resolve("back");
        skopeo.copy("docker://" + image, "oci:" + back + ":back").ok();
        assertThat(JSON.readTree(Files.readString(back.resolve("index.json"))).get("manifests").get(0).get("digest")
                .asText()).isEqualTo(digest.toString());
    }

    @Test
    void dockerPushesAnImageBuiltOutsideSlipwayAndPullsItByTagAndDigest() throws Exception {
        Path rootfs = tmp.resolve("rootfs.tar");
        Files.write(rootfs, OciLayout.tar(Map.of("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")),
                "etc/greeting", "pushed by docker\n".getBytes())));
        TestDocker docker = TestDocker.get();
        String image = registry() + "/images/busybox";
        docker.docker("import", rootfs.toString(), image + ":1").ok();

        CommandResult anonymous = docker.docker("push", image + ":1");
        assertThat(anonymous.exitCode()).as(anonymous.output()).isNotZero();

        docker.docker("login", registry(), "-u", "builder", "-p", token).ok();
        CommandResult push = docker.docker("push", image + ":1").ok();
        Matcher pushed = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(push.output());
        assertThat(pushed.find()).as(push.output()).isTrue();
        String digest = pushed.group(1);

        docker.docker("rmi", image + ":1").ok();
        docker.docker("pull", image + ":1").ok();
        assertThat(docker.docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", image + ":1").ok().out()
                .trim()).isEqualTo(image + "@" + digest);
        docker.docker("rmi", image + ":1").ok();
        assertThat(docker.docker("pull", image + "@" + digest).ok().output()).contains(digest);

        docker.docker("logout", registry()).ok();
        docker.docker("rmi", image + "@" + digest).ok();
        CommandResult loggedOut = docker.docker("pull", image + "@" + digest);
        assertThat(loggedOut.exitCode()).as(loggedOut.output()).isNotZero();
        assertThat(loggedOut.output()).contains("no basic auth credentials");
    }
}
