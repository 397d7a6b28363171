package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        String image = "docker://" + registry() + "/images/tools:first";

        Result anonymous = skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v", image);
        assertThat(anonymous.exit()).as(anonymous.out()).isNotZero();
        assertThat(anonymous.out()).containsIgnoringCase("unauthorized");

        skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "builder:" + token, "oci:" + layout + ":v", image).ok();
        Result inspect = skopeo("inspect", "--tls-verify=false", "--creds", "builder:" + token, image).ok();
        assertThat(JSON.readTree(inspect.out()).get("Digest").asText()).isEqualTo(digest.toString());
        Result raw = skopeo("inspect", "--raw", "--tls-verify=false", "--creds", "builder:" + token,
                "docker://" + registry() + "/images/tools@" + digest).ok();
        assertThat(Digest.ofBytes(raw.out().getBytes(StandardCharsets.UTF_8))).isEqualTo(digest);

        Path back = tmp.resolve("back");
        skopeo("copy", "--src-tls-verify=false", "--src-creds", "builder:" + token, image, "oci:" + back + ":back").ok();
        assertThat(JSON.readTree(Files.readString(back.resolve("index.json"))).get("manifests").get(0).get("digest")
                .asText()).isEqualTo(digest.toString());
    }

    @Test
    void dockerPushesAnImageBuiltOutsideSlipwayAndPullsItByTagAndDigest() throws Exception {
        Path rootfs = tmp.resolve("rootfs.tar");
        Files.write(rootfs, OciLayout.tar(Map.of("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")),
                "etc/greeting", "pushed by docker\n".getBytes())));
        try (PrivateDockerd docker = PrivateDockerd.start(tmp.resolve("docker"))) {
            String image = registry() + "/images/busybox";
            docker.run("import", rootfs.toString(), image + ":1").ok();

            PrivateDockerd.Result anonymous = docker.run("push", image + ":1");
            assertThat(anonymous.exit()).as(anonymous.out()).isNotZero();

            docker.runWithInput(token, "login", registry(), "-u", "builder", "--password-stdin").ok();
            PrivateDockerd.Result push = docker.run("push", image + ":1").ok();
            Matcher pushed = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(push.out());
            assertThat(pushed.find()).as(push.out()).isTrue();
            String digest = pushed.group(1);

            docker.run("rmi", image + ":1").ok();
            docker.run("pull", image + ":1").ok();
            assertThat(docker.run("image", "inspect", "--format", "{{index .RepoDigests 0}}", image + ":1").ok().out()
                    .trim()).isEqualTo(image + "@" + digest);
            docker.run("rmi", image + ":1").ok();
            PrivateDockerd.Result byDigest = docker.run("pull", image + "@" + digest).ok();
            assertThat(byDigest.out()).contains(digest);

            docker.run("logout", registry()).ok();
            docker.run("rmi", image + "@" + digest).ok();
            PrivateDockerd.Result loggedOut = docker.run("pull", image + "@" + digest);
            assertThat(loggedOut.exit()).as(loggedOut.out()).isNotZero();
            assertThat(loggedOut.out()).contains("no basic auth credentials");
        }
    }

    record Result(int exit, String out) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("skopeo exited " + exit + ":\n" + out);
            }
            return this;
        }
    }

    static Result skopeo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("skopeo " + args[0] + " did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
