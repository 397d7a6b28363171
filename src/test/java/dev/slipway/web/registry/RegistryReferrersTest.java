package dev.slipway.web.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.testing.Skopeo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCI distribution 1.1 referrers on a real server: a manifest naming a {@code subject} is accepted (before or after
 * its subject) and answered with {@code OCI-Subject}; {@code GET /v2/<name>/referrers/<digest>} lists it as the spec
 * writes the exchange; and a real client still pulls the subject.
 */
class RegistryReferrersTest {
    static final String ADMIN = "slw_referrersadmin.referrers-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String EMPTY = "application/vnd.oci.empty.v1+json";
    static final String SBOM = "application/vnd.cyclonedx+json";
    static final String SIGNATURE = "application/vnd.example.signature.v1+json";

    @TempDir
    static Path tmp;
    static Slipway slipway;

    @BeforeAll
    static void start() throws Exception {
        slipway = Slipway.start(new ServerConfig(tmp, "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        for (String app : new String[] {"ref", "elsewhere"}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(slipway.url() + "/api/v1/apps"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + app + "\"}"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    @Test
    void aReferrerPushedBeforeItsSubjectIsListedWithItsTypeAndAnnotations() throws Exception {
        Image image = image("ref");
        byte[] sbom = referrer("ref", image, SBOM, "{\"org.opencontainers.image.created\":\"2026-12-04T17:00:00Z\"}");
        Digest sbomDigest = Digest.ofBytes(sbom);

        HttpResponse<String> put = putManifest("/v2/ref/manifests/" + sbomDigest, sbom);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.headers().firstValue("OCI-Subject")).hasValue(image.digest().toString());
        assertThat(putManifest("/v2/ref/manifests/one", image.manifest()).headers().firstValue("OCI-Subject")).isEmpty();

        HttpResponse<String> listed = get("/v2/ref/referrers/" + image.digest());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        assertThat(listed.headers().firstValue("OCI-Filters-Applied")).isEmpty();
        JsonNode index = JSON.readTree(listed.body());
        assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.get("mediaType").asText()).isEqualTo(OCI_INDEX);
        assertThat(index.get("manifests")).hasSize(1);
        JsonNode descriptor = index.get("manifests").get(0);
        assertThat(descriptor.get("mediaType").asText()).isEqualTo(OCI_MANIFEST);
        assertThat(descriptor.get("digest").asText()).isEqualTo(sbomDigest.toString());
        assertThat(descriptor.get("size").asLong()).isEqualTo(sbom.length);
        assertThat(descriptor.get("artifactType").asText()).isEqualTo(SBOM);
        assertThat(descriptor.get("annotations").get("org.opencontainers.image.created").asText())
                .isEqualTo("2026-12-04T17:00:00Z");
        // the referrer is a manifest like any other: pulled by its digest, byte for byte
        HttpResponse<byte[]> pulled = HTTP.send(request("GET", "/v2/ref/manifests/" + sbomDigest, null)
                .header("Accept", OCI_MANIFEST).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pulled.body()).isEqualTo(sbom);
    }

    @Test
    void theArtifactTypeFilterIsAppliedAndSaidToBe() throws Exception {
        Image image = image("ref");
        assertThat(putManifest("/v2/ref/manifests/" + image.digest(), image.manifest()).statusCode()).isEqualTo(201);
        byte[] sbom = referrer("ref", image, SBOM, null);
        byte[] signature = referrer("ref", image, SIGNATURE, null);
        assertThat(putManifest("/v2/ref/manifests/" + Digest.ofBytes(sbom), sbom).statusCode()).isEqualTo(201);
        assertThat(putManifest("/v2/ref/manifests/" + Digest.ofBytes(signature), signature).statusCode()).isEqualTo(201);

        assertThat(JSON.readTree(get("/v2/ref/referrers/" + image.digest()).body()).get("manifests")).hasSize(2);
        HttpResponse<String> filtered = get("/v2/ref/referrers/" + image.digest() + "?artifactType="
                + SIGNATURE.replace("+", "%2B"));
        assertThat(filtered.statusCode()).isEqualTo(200);
        assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
        JsonNode manifests = JSON.readTree(filtered.body()).get("manifests");
        assertThat(manifests).hasSize(1);
        assertThat(manifests.get(0).get("digest").asText()).isEqualTo(Digest.ofBytes(signature).toString());
        assertThat(manifests.get(0).has("annotations")).isFalse();
    }

    @Test
    void withoutAnArtifactTypeTheConfigsMediaTypeIsListed() throws Exception {
        Image image = image("ref");
        byte[] config = "{\"signed\":true}".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = pushBlob("ref", config);
        byte[] referrer = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + "application/vnd.example.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + image.digest() + "\",\"size\":" + image.manifest().length + "}}").getBytes(StandardCharsets.UTF_8);
        assertThat(putManifest("/v2/ref/manifests/" + Digest.ofBytes(referrer), referrer).statusCode()).isEqualTo(201);

        JsonNode manifests = JSON.readTree(get("/v2/ref/referrers/" + image.digest()).body()).get("manifests");
        assertThat(manifests).hasSize(1);
        assertThat(manifests.get(0).get("artifactType").asText()).isEqualTo("application/vnd.example.config.v1+json");
    }

    @Test
    void anUnknownDigestHasAnEmptyIndexAndAnInvalidOneIsRefused() throws Exception {
        HttpResponse<String> unknown = get("/v2/ref/referrers/" + Digest.ofBytes("nothing refers to this".getBytes()));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        assertThat(JSON.readTree(unknown.body()).get("manifests")).isEmpty();

        HttpResponse<String> invalid = get("/v2/ref/referrers/sha256:nothex");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("errors").get(0).get("code").asText()).isEqualTo("DIGEST_INVALID");
        assertThat(send("GET", "/v2/nosuchapp/referrers/" + Digest.ofBytes(new byte[1]), null, null, auth())
                .statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v2/ref/referrers/" + Digest.ofBytes(new byte[1]), null, null, auth())
                .statusCode()).isEqualTo(405);
        assertThat(send("GET", "/v2/ref/referrers/" + Digest.ofBytes(new byte[1]), null, null, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aSubjectThatIsNotADescriptorIsRefused() throws Exception {
        Image image = image("ref");
        String valid = new String(referrer("ref", image, SBOM, null), StandardCharsets.UTF_8);
        for (String broken : new String[] {
                valid.replaceFirst("\"subject\":\\{[^}]*}", "\"subject\":\"" + image.digest() + "\""),
                valid.replace("\"digest\":\"" + image.digest() + "\"", "\"digest\":\"sha256:short\""),
                valid.replace("\"artifactType\":\"" + SBOM + "\"", "\"artifactType\":7")}) {
            assertThat(broken).isNotEqualTo(valid);
            byte[] body = broken.getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> put = putManifest("/v2/ref/manifests/" + Digest.ofBytes(body), body);
            assertThat(put.statusCode()).as(broken).isEqualTo(400);
            assertThat(JSON.readTree(put.body()).get("errors").get(0).get("code").asText()).isEqualTo("MANIFEST_INVALID");
        }
    }

    @Test
    void referrersBelongToTheirRepository() throws Exception {
        Image image = image("ref/worker");
        assertThat(putManifest("/v2/ref/worker/manifests/" + image.digest(), image.manifest()).statusCode())
                .isEqualTo(201);
        byte[] sbom = referrer("ref/worker", image, SBOM, null);
        assertThat(putManifest("/v2/ref/worker/manifests/" + Digest.ofBytes(sbom), sbom).statusCode()).isEqualTo(201);

        assertThat(JSON.readTree(get("/v2/ref/worker/referrers/" + image.digest()).body()).get("manifests")).hasSize(1);
        assertThat(JSON.readTree(get("/v2/ref/referrers/" + image.digest()).body()).get("manifests")).isEmpty();
        assertThat(JSON.readTree(get("/v2/elsewhere/referrers/" + image.digest()).body()).get("manifests")).isEmpty();
    }

    @Test
    void skopeoStillPullsASubjectThatHasReferrers() throws Exception {
        // skopeo is part of what CI installs (.ci/run): a machine without it fails here rather than skipping
        Image image = image("ref");
        assertThat(putManifest("/v2/ref/manifests/pulled", image.manifest()).statusCode()).isEqualTo(201);
        byte[] sbom = referrer("ref", image, SBOM, null);
        assertThat(putManifest("/v2/ref/manifests/" + Digest.ofBytes(sbom), sbom).statusCode()).isEqualTo(201);

        String registry = URI.create(slipway.url()).getAuthority();
        Skopeo skopeo = new Skopeo(tmp.resolve("skopeo"));
        Path layout = tmp.resolve("pulled-layout");
        skopeo.copy("docker://" + registry + "/ref:pulled", "oci:" + layout + ":pulled",
                "--src-creds", "admin:" + ADMIN).ok();
        // skopeo compresses the layer for an OCI layout (so writes a manifest of its own); the config arrives as is
        String config = JSON.readTree(image.manifest()).get("config").get("digest").asText();
        assertThat(layout.resolve("blobs/sha256/" + Digest.parse(config).hex())).exists();

        String inspected = skopeo.run("inspect", "--raw", "--creds", "admin:" + ADMIN,
                "docker://" + registry + "/ref@" + Digest.ofBytes(sbom)).ok().out();
        assertThat(inspected.strip()).isEqualTo(new String(sbom, StandardCharsets.UTF_8));
    }

    // --- helpers

    /** An image whose config and one uncompressed layer are pushed to {@code repository}; its manifest is not. */
    record Image(Digest digest, byte[] manifest) {}

    static Image image(String repository) throws Exception {
        byte[] layer = new byte[512];
        new Random().nextBytes(layer);
        Digest layerDigest = pushBlob(repository, layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerDigest + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = pushBlob(repository, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        return new Image(Digest.ofBytes(manifest), manifest);
    }

    /** An OCI 1.1 artifact manifest: the empty config, one layer of {@code artifactType}, the image as its subject. */
    static byte[] referrer(String repository, Image subject, String artifactType, String annotations) throws Exception {
        Digest empty = pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] content = ("{\"type\":\"" + artifactType + "\",\"n\":" + new Random().nextLong() + "}")
                .getBytes(StandardCharsets.UTF_8);
        Digest layer = pushBlob(repository, content);
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + artifactType
                + "\",\"config\":{\"mediaType\":\"" + EMPTY + "\",\"digest\":\"" + empty + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + artifactType + "\",\"digest\":\"" + layer + "\",\"size\":"
                + content.length + "}],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + subject.digest() + "\",\"size\":" + subject.manifest().length + "}"
                + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}").getBytes(StandardCharsets.UTF_8);
    }

    static Digest pushBlob(String repository, byte[] blob) throws Exception {
        Digest digest = Digest.ofBytes(blob);
        HttpResponse<String> put = send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, blob,
                "application/octet-stream", auth());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return digest;
    }

    static HttpResponse<String> putManifest(String path, byte[] manifest) throws Exception {
        return send("PUT", path, manifest, OCI_MANIFEST, auth());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null, auth());
    }

    static HttpResponse<String> send(String method, String path, byte[] body, String contentType, String auth)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(String method, String path, byte[] body) {
        return HttpRequest.newBuilder(URI.create(slipway.url() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", auth());
    }

    static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8));
    }
}
