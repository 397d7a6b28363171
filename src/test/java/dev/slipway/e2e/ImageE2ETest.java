package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.slipway.testing.BusyboxBase;
import dev.slipway.testing.Skopeo;
import dev.slipway.testing.TestDocker;
import dev.slipway.testing.TestRegistry;
import org.junit.jupiter.api.Test;

/**
 * A pipeline that declares {@code image:} (the issue's example: a busybox rootfs from scratch): the run's artifact is
 * the image's manifest digest, the same inputs give the same digest in another run, and the local target says it
 * cannot run an image instead of trying.
 */
class ImageE2ETest extends OneServerE2E {
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "./build.sh" } ]       # writes rootfs/
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www" ]
            environments:
              - name: staging
                branches: [ main ]
            """;
    static final String BUILD = """
            #!/bin/sh
            set -e
            mkdir -p rootfs/bin rootfs/www
            cp /bin/busybox rootfs/bin/busybox
            ln -sf busybox rootfs/bin/sh
            cp index.html rootfs/www/index.html
            """;

    /** A repository holding the image app: build.sh, index.html and the pipeline file, committed. */
    static GitClient imageRepo(Path dir, String page) throws Exception {
        GitClient git = GitClient.init(dir);
        git.write(".slipway.yml", PIPELINE);
        git.write("build.sh", BUILD);
        Files.setPosixFilePermissions(dir.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        git.write("index.html", page);
        git.commitAll("an image app");
        return git;
    }

    @Test
    void theRunsArtifactIsTheImageAndTheSameInputsGiveTheSameDigest() throws Exception {
        createApp("pictures");
        GitClient git = imageRepo(tmp.resolve("pictures"), "hello from an image\n");
        JsonNode first = awaitRun("pictures", pushedRun(git.push(server.pushUrl("pictures"), "HEAD:refs/heads/main").ok()));
        assertThat(first.get("state").asText()).as(() -> first + "\n" + log("pictures", 1)).isEqualTo("SUCCEEDED");
        String digest = first.get("artifact").asText();
        assertThat(digest).startsWith("sha256:");

        JsonNode runs = new ObjectMapper().readTree(cli.run("runs", "pictures", "--json").out());
        assertThat(runs.toString()).contains(digest);

        // another tree (so nothing is reused), the same image inputs: the same digest
        git.write("NOTES.md", "not part of the image\n");
        git.commitAll("notes");
        JsonNode second = awaitRun("pictures", pushedRun(git.push(server.pushUrl("pictures"), "HEAD:refs/heads/main").ok()));
        assertThat(second.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.get("reused_from").isNull()).as(second.toString()).isTrue();
        assertThat(second.get("artifact").asText()).isEqualTo(digest);

        // slipway images: the server's tags moved to the newest commit and branch, the pull command by digest
        CliRunner.Result images = cli.run("images", "pictures");
        assertThat(images.exit()).as(images.err()).isZero();
        assertThat(images.out()).contains("commit-" + git.head()).contains("branch-main").contains(digest.substring(7, 19))
                .contains("/pictures@" + digest).contains("docker pull 127.0.0.1:");
        JsonNode listed = new ObjectMapper().readTree(cli.run("images", "pictures", "--json").out()).get("images");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("layers").asInt()).isEqualTo(1);
        assertThat(listed.get(0).get("size").asLong()).isGreaterThan(500_000); // busybox-static

        // the run page: the image's size, layers and the pull command next to the digest
        String page = uiPage("/ui/apps/pictures/runs/" + first.get("number").asLong());
        assertThat(page).contains("image <code>pictures</code>").contains("in 1 layer")
                .contains("docker pull 127.0.0.1:").contains("/pictures@" + digest);

        // this server's environments run on the local target, which says why it cannot run an image
        JsonNode history = await().atMost(LONG).ignoreExceptions().until(
                () -> api.get("/api/v1/apps/pictures/environments/staging/deployments").get("deployments"),
                d -> d.size() > 0 && d.get(0).get("state").asText().equals("FAILED"));
        assertThat(history.get(0).get("digest").asText()).isEqualTo(digest);
        assertThat(history.get(0).get("reason").asText()).contains("is a container image")
                .contains("docker pull 127.0.0.1:").contains("/pictures@" + digest); // the server's address, not HOST:PORT
    }

    static String uiPage(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url() + path)).header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN)
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    static String log(String app, long run) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/apps/" + app + "/runs/"
                            + run + "/log")).header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    /** The acceptance check: docker pulls the run's image from Slipway by the digest the CLI shows, and runs it. */
    @Test
    void dockerPullsTheRunsImageFromSlipwayByDigestAndItServes() throws Exception {
        createApp("served-image");
        GitClient git = imageRepo(tmp.resolve("served-image"), "hello from a pulled image\n");
        long number = pushedRun(git.push(server.pushUrl("served-image"), "HEAD:refs/heads/main").ok());
        awaitRun("served-image", number);
        JsonNode runs = new ObjectMapper().readTree(cli.run("runs", "served-image", "--json").out()).get("runs");
        String digest = runs.get(0).get("artifact").asText();
        String registry = server.url().replaceFirst("^http://", "");
        String image = registry + "/served-image@" + digest;

        TestDocker docker = TestDocker.get();
        assertThat(docker.docker("pull", image).exitCode()).as("a pull before login is refused").isNotZero();
        docker.docker("login", registry, "-u", "admin", "-p", ServerProcess.ADMIN_TOKEN).ok();
        assertThat(docker.docker("pull", image).ok().output()).contains(digest);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String container = docker.docker("run", "-d", "--network", "host", "-e", "PORT=127.0.0.1:" + port, image)
                .ok().out().trim();
        try {
            await().atMost(LONG).ignoreExceptions().until(() -> api.fetch("http://127.0.0.1:" + port + "/index.html"),
                    body -> body.contains("hello from a pulled image"));
        } finally {
            docker.docker("rm", "-f", container).ok();
            docker.docker("rmi", image);
            docker.docker("logout", registry);
        }
    }

    /**
     * skopeo copies the run's image out of Slipway into the distribution registry and back in: the digest never
     * changes. {@code --preserve-digests}: without it skopeo gzips an uncompressed layer on its way to a registry,
     * which makes another image (the README says so).
     */
    @Test
    void skopeoCopiesTheImageOutToTheDistributionRegistryAndBackWithItsDigestIntact() throws Exception {
        createApp("round-trip");
        GitClient git = imageRepo(tmp.resolve("round-trip"), "there and back\n");
        JsonNode run = awaitRun("round-trip", pushedRun(git.push(server.pushUrl("round-trip"), "HEAD:refs/heads/main").ok()));
        String digest = run.get("artifact").asText();
        String slipway = server.url().replaceFirst("^http://", "");
        String login = "admin:" + ServerProcess.ADMIN_TOKEN;
        String outside = TestRegistry.get().address() + "/round-trip/image:1";
        Skopeo skopeo = new Skopeo(java.nio.file.Files.createDirectories(tmp.resolve("skopeo-round-trip")));

        skopeo.copy("docker://" + slipway + "/round-trip@" + digest, "docker://" + outside, "--src-creds", login,
                "--preserve-digests").ok();
        assertThat(TestRegistry.get().manifestDigest("round-trip/image", "1")).isEqualTo(digest);
        skopeo.copy("docker://" + outside, "docker://" + slipway + "/round-trip/back:1", "--dest-creds", login,
                "--preserve-digests").ok();
        assertThat(skopeo.run("inspect", "--creds", login, "docker://" + slipway + "/round-trip/back:1").ok().out())
                .contains("\"Digest\": \"" + digest + "\"");
    }

    /** A base in an external registry is resolved to its digest at build time, recorded, and its layers kept. */
    @Test
    void anImageOnAnExternalBaseKeepsTheBasesLayersAndRecordsItsDigest() throws Exception {
        BusyboxBase.Image base = BusyboxBase.get();
        createApp("on-a-base");
        GitClient git = GitClient.init(tmp.resolve("on-a-base"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      package:
                        steps: [ { run: "mkdir -p site && cp index.html site/" } ]
                        image:
                          base: "%s"
                          files: [ { from: "site/", to: "/www" } ]
                          cmd: [ "/bin/busybox", "sh", "-c", "exec /bin/busybox httpd -f -p $PORT -h /www" ]
                """.formatted(base.reference()));
        git.write("index.html", "on a base\n");
        git.commitAll("an image on an external base");
        long number = pushedRun(git.push(server.pushUrl("on-a-base"), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun("on-a-base", number);
        assertThat(run.get("state").asText()).as(() -> run + "\n" + log("on-a-base", number)).isEqualTo("SUCCEEDED");
        assertThat(log("on-a-base", number)).contains("on " + base.reference() + "@" + base.digest());
        JsonNode listed = new ObjectMapper().readTree(cli.run("images", "on-a-base", "--json").out()).get("images");
        assertThat(listed.get(0).get("layers").asInt()).isEqualTo(2);

        // an app-wide secret named for credentials that is not set: the job says how to set it
        git.write(".slipway.yml", java.nio.file.Files.readString(tmp.resolve("on-a-base/.slipway.yml")).replace(
                "base: \"" + base.reference() + "\"", "base: { image: \"" + base.reference() + "\", credentials: BASE_LOGIN }"));
        git.commitAll("with credentials");
        long second = pushedRun(git.push(server.pushUrl("on-a-base"), "HEAD:refs/heads/main").ok());
        JsonNode failed = awaitRun("on-a-base", second);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.toString()).contains("BASE_LOGIN").contains("--app-wide");
    }

    @Test
    void aBrokenImageFailsTheJobWithTheReason() throws Exception {
        createApp("broken-image");
        GitClient git = imageRepo(tmp.resolve("broken-image"), "x\n");
        git.write("build.sh", "#!/bin/sh\necho no rootfs today\n");
        git.commitAll("forgets the rootfs");
        JsonNode run = awaitRun("broken-image", pushedRun(git.push(server.pushUrl("broken-image"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.toString()).contains("image file 'rootfs/' does not exist in the workspace");
    }
}
