package dev.slipway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.artifact.Digest;
import dev.slipway.image.RegistryClient.FetchedManifest;
import dev.slipway.image.TestImages.TestImage;
import dev.slipway.testing.Skopeo;
import dev.slipway.testing.TestRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RegistryClient} against the real CNCF distribution registry (the shared, anonymous {@link TestRegistry}),
 * checked with skopeo. Repositories are under a namespace of this class's own: the registry is shared.
 */
class RegistryClientTest {
    static final String NS = "client-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    static final String HOST = TestRegistry.get().address();

    @TempDir
    Path dir;

    private RegistryClient client() {
        return RegistryClient.connect(HOST, RegistryCredentials.none());
    }

    private static void pushAll(RegistryClient client, String repository, TestImage image) {
        image.blobs().forEach((digest, file) -> client.pushBlob(repository, digest, file, Optional.empty()));
    }

    @Test
    void pushedImageComesBackByTagAndDigestWithTheSameBytes() throws Exception {
        RegistryClient client = client();
        TestImage image = TestImages.image(dir.resolve("img"), "round trip");
        pushAll(client, NS + "/web", image);

        Digest answered = client.pushManifest(NS + "/web", "1.0", image.mediaType(), image.manifest());

        assertThat(answered).isEqualTo(image.digest());
        FetchedManifest byTag = client.manifest(ImageReference.parse(HOST + "/" + NS + "/web:1.0"));
        assertThat(byTag.digest()).isEqualTo(image.digest());
        assertThat(byTag.mediaType()).isEqualTo(TestImages.MANIFEST);
        assertThat(byTag.bytes()).isEqualTo(image.manifest());
        FetchedManifest byDigest = client.manifest(ImageReference.parse(HOST + "/" + NS + "/web@" + image.digest()));
        assertThat(byDigest.bytes()).isEqualTo(image.manifest());
        assertThat(new Skopeo(dir.resolve("skopeo")).inspect(HOST + "/" + NS + "/web:1.0")).contains("\"Digest\": \"" + image.digest() + "\"");
    }

    @Test
    void blobIsStreamedToItsFileAndCheckedAndHasBlobSaysWhatIsThere() throws Exception {
        RegistryClient client = client();
        TestImage image = TestImages.image(dir.resolve("img"), "blob down");
        Digest layer = image.blobs().keySet().iterator().next();
        assertThat(client.hasBlob(NS + "/blobs", layer)).isFalse();
        pushAll(client, NS + "/blobs", image);
        assertThat(client.hasBlob(NS + "/blobs", layer)).isTrue();

        Path target = dir.resolve("down/layer");
        Files.createDirectories(target.getParent());
        client.blob(NS + "/blobs", layer, target);

        assertThat(target).hasSameBinaryContentAs(image.blob(layer));
        assertThat(Files.list(target.getParent())).containsExactly(target);
    }

    @Test
    void pushingABlobTheRegistryAlreadyHasSendsNothing() throws Exception {
        RegistryClient client = client();
        TestImage image = TestImages.image(dir.resolve("img"), "twice");
        pushAll(client, NS + "/twice", image);

        Digest layer = image.blobs().keySet().iterator().next();
        // the file is gone: only a HEAD that finds the blob lets this succeed
        client.pushBlob(NS + "/twice", layer, dir.resolve("no-such-file"), Optional.empty());
    }

    @Test
    void crossRepositoryMountUploadsNothing() throws Exception {
        RegistryClient client = client();
        TestImage image = TestImages.image(dir.resolve("img"), "mount me");
        pushAll(client, NS + "/base", image);
        Digest layer = image.blobs().keySet().iterator().next();

        // no file to upload: only a mount can succeed
        client.pushBlob(NS + "/mounted", layer, dir.resolve("no-such-file"), Optional.of(NS + "/base"));

        assertThat(client.hasBlob(NS + "/mounted", layer)).isTrue();
    }

    @Test
    void manifestWhoseBlobsAreMissingIsRefusedInTheRegistrysWords() throws Exception {
        TestImage image = TestImages.image(dir.resolve("img"), "no blobs pushed");
        Digest config = image.blobs().keySet().stream().toList().get(1);
        image.blobs().forEach((digest, file) -> {
            if (!digest.equals(config)) {
                client().pushBlob(NS + "/web", digest, file, Optional.empty());
            }
        });

        assertThatThrownBy(() -> client().pushManifest(NS + "/web", "broken", image.mediaType(), image.manifest()))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessage("registry " + HOST + " refused the manifest for " + NS + "/web: "
                        + "MANIFEST_BLOB_UNKNOWN blob unknown to registry (" + config + ") (HTTP 400)")
                .satisfies(e -> assertThat(((ExternalRegistryException) e).codes()).containsExactly("MANIFEST_BLOB_UNKNOWN"));
    }

    @Test
    void unknownManifestIsTheRegistrys404() {
        assertThatThrownBy(() -> client().manifest(ImageReference.parse(HOST + "/" + NS + "/nothing:1")))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageContaining("refused the manifest " + HOST + "/" + NS + "/nothing:1: ")
                .hasMessageContaining("(HTTP 404)")
                .hasMessageContaining("unknown");
    }

    @Test
    void indexIsReadWithItsOwnMediaType() throws Exception {
        RegistryClient client = client();
        TestImage index = TestImages.index(dir.resolve("idx"), "multi");
        pushAll(client, NS + "/multi", index);
        index.children().forEach((digest, bytes) ->
                client.pushManifest(NS + "/multi", digest.toString(), TestImages.MANIFEST, bytes));
        client.pushManifest(NS + "/multi", "all", TestImages.INDEX, index.manifest());

        FetchedManifest fetched = client.manifest(ImageReference.parse(HOST + "/" + NS + "/multi:all"));

        assertThat(fetched.mediaType()).isEqualTo(TestImages.INDEX);
        assertThat(fetched.digest()).isEqualTo(index.digest());
    }

    @Test
    void unreachableRegistryIsSaidSo() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RegistryClient client = RegistryClient.connect("127.0.0.1:" + port, RegistryCredentials.none());
        assertThatThrownBy(() -> client.manifest(ImageReference.parse("127.0.0.1:" + port + "/a/b:1")))
                .isInstanceOf(ExternalRegistryException.class)
                .hasMessageStartingWith("cannot reach registry 127.0.0.1:" + port + " at http://127.0.0.1:" + port + "/v2/");
    }

    /** A registry that lies about content cannot be made from the real one: a tiny server that does. */
    @Test
    void blobWhoseContentDoesNotMatchItsDigestIsNotLeftBehind() throws Exception {
        HttpServer liar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        liar.createContext("/v2/", exchange -> {
            byte[] body = "not what you asked for".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        liar.start();
        try {
            RegistryClient client = RegistryClient.connect("127.0.0.1:" + liar.getAddress().getPort(),
                    RegistryCredentials.none());
            Digest wanted = RegistryClient.sha256("the real thing".getBytes(StandardCharsets.UTF_8));
            Path target = dir.resolve("down/blob");
            Files.createDirectories(target.getParent());

            assertThatThrownBy(() -> client.blob(NS + "/web", wanted, target))
                    .isInstanceOf(ExternalRegistryException.class)
                    .hasMessageContaining("sent content with digest "
                            + RegistryClient.sha256("not what you asked for".getBytes(StandardCharsets.UTF_8)))
                    .hasMessageContaining("for blob " + wanted + " of " + NS + "/web: not stored");
            assertThat(target.getParent()).isEmptyDirectory();

            assertThatThrownBy(() -> client.manifest(ImageReference.parse(client.registry() + "/" + NS + "/web@" + wanted)))
                    .isInstanceOf(ExternalRegistryException.class)
                    .hasMessageContaining("sent content with digest");
        } finally {
            liar.stop(0);
        }
    }

    /** Docker Hub and registries on object storage send blobs from a signed URL elsewhere: no registry login there. */
    @Test
    void aRedirectedBlobIsFetchedFromStorageWithoutTheRegistrysCredentials() throws Exception {
        byte[] content = "a layer kept in object storage".getBytes(StandardCharsets.UTF_8);
        Digest digest = RegistryClient.sha256(content);
        java.util.List<String> storageSaw = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/signed/", exchange -> {
            storageSaw.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
            exchange.close();
        });
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/v2/", exchange -> {
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"test\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                exchange.getResponseHeaders().set("Location",
                        "http://127.0.0.1:" + storage.getAddress().getPort() + "/signed/blob?sig=abc");
                exchange.sendResponseHeaders(307, -1);
            }
            exchange.close();
        });
        storage.start();
        registry.start();
        try {
            RegistryClient client = RegistryClient.connect("127.0.0.1:" + registry.getAddress().getPort(),
                    new RegistryCredentials("ci", "registry-only"));
            Path target = dir.resolve("blob");

            client.blob("team/web", digest, target);

            assertThat(target).hasBinaryContent(content);
            assertThat(storageSaw).containsExactly("null");
        } finally {
            registry.stop(0);
            storage.stop(0);
        }
    }
}
