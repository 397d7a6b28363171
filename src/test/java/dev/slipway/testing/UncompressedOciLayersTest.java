package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Slipway's image builder relies on: the engine the tests (and users of Debian's docker.io 20.10) run pulls an
 * OCI manifest whose layer is an uncompressed tar ({@code application/vnd.oci.image.layer.v1.tar}, diff_id = layer
 * digest) and runs it. The image is written and pushed by hand, as the OCI specs spell it, so nothing recompresses it.
 */
class UncompressedOciLayersTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void dockerPullsAndRunsAnOciImageWithAnUncompressedLayer(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path rootfs = dir.resolve("rootfs");
        BusyboxBase.writeRootfs(rootfs);
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), "served from an uncompressed layer\n");
        RealCommand.run(Duration.ofMinutes(1), Map.of(), List.of("tar", "--sort=name", "--mtime=@0", "--owner=0",
                "--group=0", "--numeric-owner", "-C", rootfs.toString(), "-cf", dir.resolve("layer.tar").toString(), "."))
                .ok();
        byte[] layer = Files.readAllBytes(dir.resolve("layer.tar"));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/busybox\",\"httpd\",\"-f\","
                + "\"-p\",\"127.0.0.1:" + port + "\",\"-h\",\"/www\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + sha256(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String repository = "uncompressed/" + dir.getFileName().toString().toLowerCase();
        pushBlob(repository, layer);
        pushBlob(repository, config);
        put("/v2/" + repository + "/manifests/1", "application/vnd.oci.image.manifest.v1+json", manifest);
        String image = TestRegistry.get().address() + "/" + repository + "@" + sha256(manifest);

        TestDocker docker = TestDocker.get();
        docker.docker("pull", image).ok();
        String container = docker.docker("run", "-d", "--network", "host", image).ok().out().trim();
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get("http://127.0.0.1:" + port + "/index.html"), "served from an uncompressed layer\n"::equals);
            assertThat(docker.docker("image", "inspect", "--format", "{{json .RootFS.Layers}}", image).ok().out())
                    .contains(sha256(layer));
        } finally {
            docker.docker("rm", "-f", container).ok();
        }
    }

    private static void pushBlob(String repository, byte[] blob) throws Exception {
        HttpResponse<Void> started = HTTP.send(HttpRequest.newBuilder(registry("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create(TestRegistry.get().url()).resolve(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + sha256(blob)))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
    }

    private static void put(String path, String contentType, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(registry(path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static URI registry(String path) {
        return URI.create(TestRegistry.get().url() + path);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
