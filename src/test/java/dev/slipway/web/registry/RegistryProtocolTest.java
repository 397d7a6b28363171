package dev.slipway.web.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's endpoints as the OCI distribution spec writes its exchanges: raw HTTP requests and the statuses,
 * headers and error bodies they must get, against a real server.
 */
class RegistryProtocolTest {
    static final String ADMIN = "slw_registryadmin.registry-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static Slipway slipway;
    static String developer;
    static String viewer;
    /** developer on "reg", viewer on "other": may mount from other */
    static String mounter;

    @BeforeAll
    static void start() throws Exception {
        slipway = Slipway.start(new ServerConfig(tmp, "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        for (String app : new String[] {"reg", "other"}) {
            api("POST", "/api/v1/apps", "{\"name\":\"" + app + "\"}");
        }
        developer = user("dev", "developer", "reg");
        viewer = user("watcher", "viewer", "reg");
        mounter = user("mounter", "developer", "reg");
        api("POST", "/api/v1/grants", "{\"user\":\"mounter\",\"role\":\"viewer\",\"app\":\"other\"}");
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
    }

    // --- the base endpoint and the door

    @Test
    void theBaseAnswers401WithABasicChallengeUntilSignedIn() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/v2/", null, null, new String[0]);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Slipway\"");
        assertThat(error(anonymous).get("code").asText()).isEqualTo("UNAUTHORIZED");

        HttpResponse<String> signedIn = send("GET", "/v2/", null, basic("dev", developer), new String[0]);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).isEqualTo("{}");

        HttpResponse<String> wrongUser = send("GET", "/v2/", null, basic("someone-else", developer), new String[0]);
        assertThat(wrongUser.statusCode()).isEqualTo(401);
        assertThat(wrongUser.body()).doesNotContain(developer);
    }

    @Test
    void anonymousPullsAreChallengedAndViewersCannotPush() throws Exception {
        assertThat(send("GET", "/v2/reg/tags/list", null, null, new String[0]).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v2/reg/tags/list", null, basic("watcher", viewer), new String[0]).statusCode())
                .isEqualTo(200);
        HttpResponse<String> push = send("POST", "/v2/reg/blobs/uploads/", null, basic("watcher", viewer), new String[0]);
        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(error(push).get("code").asText()).isEqualTo("DENIED");
        assertThat(error(push).get("message").asText()).contains("needs role developer");
    }

    @Test
    void namesAreCheckedAgainstTheGrammarAndTheApps() throws Exception {
        HttpResponse<String> invalid = send("GET", "/v2/Reg/tags/list", null, basic("admin", ADMIN), new String[0]);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(error(invalid).get("code").asText()).isEqualTo("NAME_INVALID");
        HttpResponse<String> unknown = send("GET", "/v2/nosuchapp/tags/list", null, basic("admin", ADMIN), new String[0]);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).get("code").asText()).isEqualTo("NAME_UNKNOWN");
        assertThat(send("GET", "/v2/reg/worker/tags/list", null, dev(), new String[0]).statusCode()).isEqualTo(200);
    }

    // --- blob uploads

    @Test
    void aMonolithicUploadIsStoredAndServed() throws Exception {
        byte[] blob = random(5000);
        Digest digest = Digest.ofBytes(blob);
        HttpResponse<String> put = send("POST", "/v2/reg/blobs/uploads/?digest=" + digest, blob, dev(),
                new String[] {"Content-Type", "application/octet-stream"});
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/reg/blobs/" + digest);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());

        HttpResponse<byte[]> get = sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[0]);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(blob);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(get.headers().firstValue("ETag")).hasValue("\"" + digest + "\"");
        HttpResponse<String> head = send("HEAD", "/v2/reg/blobs/" + digest, null, dev(), new String[0]);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("5000");
    }

    @Test
    void anUploadOpenedByPostIsCompletedByPut() throws Exception {
        byte[] blob = random(3000);
        Digest digest = Digest.ofBytes(blob);
        HttpResponse<String> open = send("POST", "/v2/reg/blobs/uploads/", null, dev(), new String[0]);
        assertThat(open.statusCode()).isEqualTo(202);
        String location = open.headers().firstValue("Location").orElseThrow();
        assertThat(open.headers().firstValue("Docker-Upload-UUID")).isPresent();
        assertThat(open.headers().firstValue("Range")).hasValue("0-0");
        HttpResponse<String> put = send("PUT", location + "?digest=" + digest, blob, dev(),
                new String[] {"Content-Type", "application/octet-stream"});
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[0]).body()).isEqualTo(blob);
    }

    @Test
    void chunksComeInOrderOrAreRefusedWith416() throws Exception {
        byte[] blob = random(30);
        Digest digest = Digest.ofBytes(blob);
        String location = send("POST", "/v2/reg/blobs/uploads/", null, dev(), new String[0]).headers()
                .firstValue("Location").orElseThrow();
        HttpResponse<String> first = patch(location, Arrays.copyOfRange(blob, 0, 10), "0-9");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-9");
        location = first.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> outOfOrder = patch(location, Arrays.copyOfRange(blob, 20, 30), "20-29");
        assertThat(outOfOrder.statusCode()).isEqualTo(416);
        assertThat(error(outOfOrder).get("code").asText()).isEqualTo("BLOB_UPLOAD_INVALID");

        HttpResponse<String> status = send("GET", location, null, dev(), new String[0]);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-9");

        assertThat(patch(location, Arrays.copyOfRange(blob, 10, 20), "10-19").headers().firstValue("Range"))
                .hasValue("0-19");
        HttpResponse<String> last = send("PUT", location + "?digest=" + digest, Arrays.copyOfRange(blob, 20, 30), dev(),
                new String[] {"Content-Type", "application/octet-stream", "Content-Range", "20-29"});
        assertThat(last.statusCode()).as(last.body()).isEqualTo(201);
        assertThat(sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[0]).body()).isEqualTo(blob);
        assertThat(send("GET", location, null, dev(), new String[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void aCancelledUploadIsGone() throws Exception {
        String location = send("POST", "/v2/reg/blobs/uploads/", null, dev(), new String[0]).headers()
                .firstValue("Location").orElseThrow();
        assertThat(send("DELETE", location, null, dev(), new String[0]).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send("GET", location, null, dev(), new String[0]);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(error(gone).get("code").asText()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsRefusedAndNothingIsStored() throws Exception {
        byte[] blob = random(2048);
        Digest claimed = Digest.ofBytes(random(16));
        HttpResponse<String> put = send("POST", "/v2/reg/blobs/uploads/?digest=" + claimed, blob, dev(),
                new String[] {"Content-Type", "application/octet-stream"});
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(error(put).get("code").asText()).isEqualTo("DIGEST_INVALID");
        assertThat(stored(claimed)).isFalse();
        assertThat(stored(Digest.ofBytes(blob))).isFalse();
        try (var incoming = Files.list(tmp.resolve("artifacts").resolve("incoming"))) {
            assertThat(incoming.toList()).isEmpty();
        }
        assertThat(send("HEAD", "/v2/reg/blobs/" + claimed, null, dev(), new String[0]).statusCode()).isEqualTo(404);
    }

    @Test
    void aBlobIsMountedFromARepositoryTheCallerMayPull() throws Exception {
        byte[] blob = random(1000);
        Digest digest = Digest.ofBytes(blob);
        assertThat(send("POST", "/v2/other/blobs/uploads/?digest=" + digest, blob, basic("admin", ADMIN),
                new String[0]).statusCode()).isEqualTo(201);
        HttpResponse<String> unlinked = send("GET", "/v2/reg/blobs/" + digest, null, basic("admin", ADMIN), new String[0]);
        assertThat(unlinked.statusCode()).isEqualTo(404);
        assertThat(error(unlinked).get("code").asText()).isEqualTo("BLOB_UNKNOWN");

        // the developer of reg cannot read other: an upload starts instead
        HttpResponse<String> refused = send("POST", "/v2/reg/blobs/uploads/?mount=" + digest + "&from=other", null,
                dev(), new String[0]);
        assertThat(refused.statusCode()).isEqualTo(202);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).startsWith("/v2/reg/blobs/uploads/");
        assertThat(send("GET", "/v2/reg/blobs/" + digest, null, dev(), new String[0]).statusCode()).isEqualTo(404);

        HttpResponse<String> mounted = send("POST", "/v2/reg/blobs/uploads/?mount=" + digest + "&from=other", null,
                basic("mounter", mounter), new String[0]);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(mounted.headers().firstValue("Location")).hasValue("/v2/reg/blobs/" + digest);
        assertThat(sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[0]).body()).isEqualTo(blob);
    }

    @Test
    void rangesAreServedWith206AndUnsatisfiableOnesWith416() throws Exception {
        byte[] blob = random(100);
        Digest digest = push("reg", blob);
        HttpResponse<byte[]> part = sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[] {"Range", "bytes=10-19"});
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/100");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(blob, 10, 20));
        HttpResponse<byte[]> tail = sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[] {"Range", "bytes=90-"});
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(blob, 90, 100));
        HttpResponse<byte[]> outside = sendBytes("GET", "/v2/reg/blobs/" + digest, dev(), new String[] {"Range", "bytes=100-"});
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */100");
    }

    // --- manifests and tags

    @Test
    void aManifestIsPushedByTagAndPulledByTagAndDigest() throws Exception {
        byte[] manifest = manifest("reg");
        Digest digest = Digest.ofBytes(manifest);
        HttpResponse<String> put = putManifest("/v2/reg/manifests/latest", manifest, dev());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/reg/manifests/" + digest);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());

        for (String reference : new String[] {"latest", digest.toString()}) {
            HttpResponse<byte[]> get = sendBytes("GET", "/v2/reg/manifests/" + reference, dev(),
                    new String[] {"Accept", OCI_MANIFEST});
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(manifest);
            assertThat(get.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
            assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
            assertThat(get.headers().firstValue("Content-Length")).hasValue(Integer.toString(manifest.length));
        }
        HttpResponse<String> head = send("HEAD", "/v2/reg/manifests/latest", null, basic("watcher", viewer), new String[0]);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());

        HttpResponse<String> notAccepted = send("GET", "/v2/reg/manifests/latest", null, dev(),
                new String[] {"Accept", "application/vnd.docker.distribution.manifest.v2+json"});
        assertThat(notAccepted.statusCode()).isEqualTo(404);
        assertThat(error(notAccepted).get("code").asText()).isEqualTo("MANIFEST_UNKNOWN");
        HttpResponse<String> unknown = send("GET", "/v2/reg/manifests/nope", null, dev(), new String[0]);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown).get("code").asText()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(send("DELETE", "/v2/reg/manifests/" + digest, null, dev(), new String[0]).statusCode()).isEqualTo(405);
    }

    @Test
    void aManifestReferencingABlobTheRepositoryLacksIsRefused() throws Exception {
        Digest config = push("reg", "{}".getBytes(StandardCharsets.UTF_8));
        Digest missing = Digest.ofBytes(random(64));
        byte[] manifest = manifestOf(config, 2, missing, 64);
        HttpResponse<String> put = putManifest("/v2/reg/manifests/broken", manifest, dev());
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(error(put).get("code").asText()).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(error(put).get("detail").asText()).isEqualTo(missing.toString());
        assertThat(stored(Digest.ofBytes(manifest))).isFalse();
    }

    @Test
    void aManifestPutByDigestMustHaveThatDigest() throws Exception {
        byte[] manifest = manifest("reg");
        HttpResponse<String> put = putManifest("/v2/reg/manifests/" + Digest.ofBytes(random(8)), manifest, dev());
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(error(put).get("code").asText()).isEqualTo("DIGEST_INVALID");
        assertThat(putManifest("/v2/reg/manifests/" + Digest.ofBytes(manifest), manifest, dev()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void anIndexNamesOnlyManifestsOfItsRepository() throws Exception {
        byte[] child = manifest("reg/multi");
        Digest childDigest = Digest.ofBytes(child);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + childDigest + "\",\"size\":" + child.length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> early = send("PUT", "/v2/reg/multi/manifests/all", index, dev(),
                new String[] {"Content-Type", OCI_INDEX});
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(error(early).get("code").asText()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(error(early).get("detail").asText()).isEqualTo(childDigest.toString());

        assertThat(putManifest("/v2/reg/multi/manifests/" + childDigest, child, dev()).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/v2/reg/multi/manifests/all", index, dev(), new String[] {"Content-Type", OCI_INDEX})
                .statusCode()).isEqualTo(201);
        HttpResponse<String> got = send("GET", "/v2/reg/multi/manifests/all", null, dev(), new String[0]);
        assertThat(got.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        // a manifest of one repository is not another's
        assertThat(send("GET", "/v2/reg/manifests/" + childDigest, null, dev(), new String[0]).statusCode())
                .isEqualTo(404);
    }

    @Test
    void tagsTheServerMovesAreRefusedToClients() throws Exception {
        byte[] manifest = manifest("reg");
        for (String tag : new String[] {"commit-abc123", "branch-main", "env-production", "v1.2.0"}) {
            HttpResponse<String> put = putManifest("/v2/reg/manifests/" + tag, manifest, dev());
            assertThat(put.statusCode()).as(tag).isEqualTo(403);
            assertThat(error(put).get("code").asText()).isEqualTo("DENIED");
            assertThat(error(put).get("message").asText())
                    .isEqualTo("tag '" + tag + "' is moved by Slipway itself: push by digest or to another tag");
        }
        assertThat(putManifest("/v2/reg/manifests/version-2", manifest, dev()).statusCode()).isEqualTo(201);
    }

    @Test
    void tagsAreListedInPagesFollowingTheLinkHeader() throws Exception {
        byte[] manifest = manifest("reg/pages");
        for (String tag : new String[] {"d", "b", "a", "c"}) {
            assertThat(putManifest("/v2/reg/pages/manifests/" + tag, manifest, dev()).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> first = send("GET", "/v2/reg/pages/tags/list?n=2", null, dev(), new String[0]);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("name").asText()).isEqualTo("reg/pages");
        assertThat(JSON.readTree(first.body()).get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).isEqualTo("</v2/reg/pages/tags/list?n=2&last=b>; rel=\"next\"");
        HttpResponse<String> second = send("GET", link.substring(1, link.indexOf('>')), null, dev(), new String[0]);
        assertThat(JSON.readTree(second.body()).get("tags").toString()).isEqualTo("[\"c\",\"d\"]");
        assertThat(second.headers().firstValue("Link")).isEmpty();
        HttpResponse<String> all = send("GET", "/v2/reg/pages/tags/list", null, dev(), new String[0]);
        assertThat(JSON.readTree(all.body()).get("tags")).hasSize(4);
    }

    // --- helpers

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    /** A manifest whose config and one layer are pushed to {@code repository} first. */
    static byte[] manifest(String repository) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(256);
        return manifestOf(push(repository, config), config.length, push(repository, layer), layer.length);
    }

    static byte[] manifestOf(Digest config, long configSize, Digest layer, long layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":" + configSize
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer
                + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    static Digest push(String repository, byte[] blob) throws Exception {
        Digest digest = Digest.ofBytes(blob);
        HttpResponse<String> put = send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, blob, dev(),
                new String[0]);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        return digest;
    }

    static HttpResponse<String> putManifest(String path, byte[] manifest, String auth) throws Exception {
        return send("PUT", path, manifest, auth, new String[] {"Content-Type", OCI_MANIFEST});
    }

    static HttpResponse<String> patch(String location, byte[] chunk, String range) throws Exception {
        return send("PATCH", location, chunk, dev(), new String[] {"Content-Type", "application/octet-stream",
                "Content-Range", range});
    }

    static boolean stored(Digest digest) {
        return Files.exists(tmp.resolve("artifacts").resolve("sha256").resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex() + ".tar"));
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(UUID.randomUUID().getLeastSignificantBits()).nextBytes(bytes);
        return bytes;
    }

    static String dev() {
        return basic("dev", developer);
    }

    static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode error(HttpResponse<String> response) throws IOException {
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        assertThat(errors).as(response.body()).hasSize(1);
        return errors.get(0);
    }

    static HttpResponse<String> send(String method, String path, byte[] body, String auth, String[] headers)
            throws IOException, InterruptedException {
        return HTTP.send(request(method, path, body, auth, headers), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> sendBytes(String method, String path, String auth, String[] headers)
            throws IOException, InterruptedException {
        return HTTP.send(request(method, path, null, auth, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest request(String method, String path, byte[] body, String auth, String[] headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    static String user(String name, String role, String app) throws Exception {
        api("POST", "/api/v1/users", "{\"name\":\"" + name + "\"}");
        api("POST", "/api/v1/grants", "{\"user\":\"" + name + "\",\"role\":\"" + role + "\",\"app\":\"" + app + "\"}");
        return JSON.readTree(api("POST", "/api/v1/tokens", "{\"user\":\"" + name + "\"}").body()).get("token").asText();
    }

    static HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r;
    }
}
