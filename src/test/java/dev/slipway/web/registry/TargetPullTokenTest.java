package dev.slipway.web.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.boot.PublicUrl;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.testing.CommandResult;
import dev.slipway.testing.ServingImage;
import dev.slipway.testing.TestDocker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered target's pull token against a real server (--public-url http://localhost:PORT): it pulls the images of
 * apps bound to that target, over raw HTTP and with {@code docker pull} on the shared engine, and nothing else — no
 * other app, no push, no API.
 */
class TargetPullTokenTest {
    static final String ADMIN = "slw_pulltokens.pull-token-admin-token-with-enough-entropy-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    static Slipway slipway;
    static TestDocker docker;
    static String registry;
    static Digest served;
    static Digest other;
    static PullCredential edge;

    @BeforeAll
    static void serverWithTwoAppsAndATarget() throws Exception {
        docker = TestDocker.get();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        registry = "localhost:" + port;
        slipway = Slipway.start(new ServerConfig(tmp.resolve("server"), "127.0.0.1", port, null, 2, Optional.of(ADMIN),
                true, dev.slipway.auth.TokenLifetimes.DEFAULT_MAX, dev.slipway.pipeline.JobLogLimit.DEFAULT, false,
                dev.slipway.retention.RetentionPolicy.DEFAULT, Optional.empty(), ServerConfig.RouterMode.LOCAL,
                Optional.of(PublicUrl.parse("http://localhost:" + port + "/"))));
        for (String app : new String[] {"served", "other"}) {
            api("POST", "/api/v1/apps", "{\"name\":\"" + app + "\"}");
        }
        docker.docker("login", registry, "-u", "admin", "-p", ADMIN).ok();
        served = ServingImage.push(docker, tmp.resolve("images"), registry, "served", "one", "served");
        other = ServingImage.push(docker, tmp.resolve("images"), registry, "other", "two", "other");
        docker.docker("logout", registry).ok();
        api("POST", "/api/v1/targets", "{\"name\":\"edge\",\"endpoint\":\"" + docker.host() + "\"}");
        api("POST", "/api/v1/target-bindings", "{\"app\":\"served\",\"environment\":\"production\",\"target\":\"edge\"}");
        edge = slipway.pullCredential("edge");
    }

    @AfterAll
    static void stop() {
        if (docker != null && registry != null) {
            docker.docker("logout", registry);
            for (Digest d : new Digest[] {served, other}) {
                if (d != null) {
                    docker.docker("rmi", registry + "/served@" + d);
                    docker.docker("rmi", registry + "/other@" + d);
                }
            }
        }
        if (slipway != null) {
            slipway.close();
        }
    }

    @Test
    void theCredentialNamesThePublicRegistryTheTargetsUserAndOneTokenKeptInMemory() throws Exception {
        assertThat(edge.registry()).isEqualTo(registry);
        assertThat(edge.user()).isEqualTo("target-edge");
        assertThat(edge.token()).startsWith("slw_pull_").hasSizeGreaterThan(40);
        assertThat(slipway.pullCredential("edge").token()).isEqualTo(edge.token());
        assertThat(slipway.pullCredential("other-target").token()).isNotEqualTo(edge.token());
        assertThat(edge.toString()).doesNotContain(edge.token());

        JsonNode images = JSON.readTree(api("GET", "/api/v1/apps/served/images", "").body());
        assertThat(images.get("registry").asText()).isEqualTo(registry);
        assertThat(images.at("/images/0/pull").asText()).isEqualTo("docker pull " + registry + "/served@" + served);
    }

    @Test
    void itPullsABoundAppsManifestAndIsRefusedForAnUnboundOne() throws Exception {
        HttpResponse<String> bound = send("HEAD", "/v2/served/manifests/" + served, edge.user(), edge.token());
        assertThat(bound.statusCode()).isEqualTo(200);
        assertThat(bound.headers().firstValue("Docker-Content-Digest")).hasValue(served.toString());

        HttpResponse<String> unbound = send("GET", "/v2/other/manifests/" + other, edge.user(), edge.token());
        assertThat(unbound.statusCode()).isEqualTo(403);
        assertThat(unbound.body()).contains("DENIED").contains("no environment of 'other' is")
                .contains("slipway target bind edge --app other --env ENV");

        HttpResponse<String> wrongToken = send("GET", "/v2/served/manifests/" + served, edge.user(), "slw_pull_guess");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
    }

    @Test
    void itNeverPushesNorOpensTheApi() throws Exception {
        HttpResponse<String> push = send("POST", "/v2/served/blobs/uploads/", edge.user(), edge.token());
        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(push.body()).contains("DENIED").contains("push refused: the pull token of target 'edge' only pulls");

        HttpResponse<String> apiBasic = send("GET", "/api/v1/apps", edge.user(), edge.token());
        assertThat(apiBasic.statusCode()).isEqualTo(401);
        HttpResponse<String> apiBearer = HTTP.send(HttpRequest.newBuilder(URI.create(slipway.url() + "/api/v1/apps"))
                .header("Authorization", "Bearer " + edge.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(apiBearer.statusCode()).isEqualTo(401);
    }

    @Test
    void dockerPullsTheBoundImageWithTheTargetsTokenAndNotTheOther() {
        docker.docker("login", registry, "-u", edge.user(), "-p", edge.token()).ok();
        try {
            assertThat(docker.docker(Duration.ofMinutes(2), "pull", registry + "/served@" + served).ok().output())
                    .contains(served.toString());
            CommandResult refused = docker.docker(Duration.ofMinutes(2), "pull", registry + "/other@" + other);
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("denied");
        } finally {
            docker.docker("logout", registry);
        }
    }

    static HttpResponse<String> send(String method, String path, String user, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + token)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r;
    }
}
