package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.testing.ForgeApiReceiver;
import dev.slipway.testing.GitHttpUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server: an app following a repository (a real git server; the real git client pushes there) whose first
 * run fails at once, reported to a forge that refuses the
 * first status (401: given up at once) and takes the next; both shown by /reports, the token nowhere in it.
 */
class ForgeReportsApiTest {
    static final String ADMIN = "slw_forgereports.forge-reports-admin-token-with-enough-entropy-0123";
    static final String FORGE_TOKEN = "ghp_theForgeTokenThatMustNeverBeShown012345";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private Slipway slipway;
    private ForgeApiReceiver forge;
    private GitHttpUpstream upstream;

    @BeforeEach
    void start() throws Exception {
        forge = ForgeApiReceiver.start();
        upstream = GitHttpUpstream.start(tmp.resolve("git"), FORGE_TOKEN);
        slipway = Slipway.start(new ServerConfig(tmp.resolve("data"), "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
    }

    @AfterEach
    void stop() {
        if (slipway != null) {
            slipway.close();
        }
        forge.close();
        upstream.close();
    }

    @Test
    void aRefusedStatusIsGivenUpAndShownBesideTheOneTheForgeTook() throws Exception {
        String commit = pushUpstream("acme/hello", "stages: 42\n"); // not a pipeline: the run fails at once
        forge.answer(401, "{\"message\":\"Bad credentials\"}", 1);

        HttpResponse<String> created = send("POST", "/api/v1/apps", "{\"name\":\"hello\",\"from\":\""
                + upstream.url("acme/hello") + "\",\"forge\":\"github\",\"api_url\":\"" + forge.url("/api/v3")
                + "\",\"token\":\"" + FORGE_TOKEN + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(FORGE_TOKEN);

        await().atMost(Duration.ofSeconds(30)).until(() -> forge.calls().size() >= 2);
        JsonNode reports = await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(
                send("GET", "/api/v1/apps/hello/reports", null).body()).get("reports"),
                r -> r.size() == 2 && !r.get(0).get("outcome").asText().equals("PENDING"));
        JsonNode failed = reports.get(0);
        assertThat(failed.get("kind").asText()).isEqualTo("STATUS");
        assertThat(failed.get("commit").asText()).isEqualTo(commit);
        assertThat(failed.get("state").asText()).isEqualTo("failure");
        assertThat(failed.get("outcome").asText()).isEqualTo("SENT");
        assertThat(failed.get("http_status").asInt()).isEqualTo(201);
        assertThat(failed.get("target_url").asText()).isEqualTo(slipway.url() + "/ui/apps/hello/runs/1");
        JsonNode refused = reports.get(1);
        assertThat(refused.get("description").asText()).isEqualTo("run #1 queued");
        assertThat(refused.get("outcome").asText()).isEqualTo("GAVE_UP");
        assertThat(refused.get("attempts").asInt()).isEqualTo(1);
        assertThat(refused.get("http_status").asInt()).isEqualTo(401);
        assertThat(refused.get("last_error").asText()).isEqualTo("HTTP 401: {\"message\":\"Bad credentials\"}");
        assertThat(reports.toString()).doesNotContain(FORGE_TOKEN);
        assertThat(forge.calls().get(1).header("Authorization")).isEqualTo("Bearer " + FORGE_TOKEN);
        assertThat(forge.calls().get(1).path()).isEqualTo("/api/v3/repos/acme/hello/statuses/" + commit);
    }

    /** A commit with this pipeline file on main of a new repository on the (real, loopback) git server. */
    private String pushUpstream(String name, String pipeline) throws Exception {
        upstream.create(name);
        Path repo = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(repo.resolve(".slipway.yml"), pipeline);
        git(repo, "init", "-q");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example", "commit", "-q", "-m", "first");
        git(repo, "push", "-q", upstream.pushUrl(name), "HEAD:refs/heads/main");
        return git(repo, "rev-parse", "HEAD").strip();
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git " + String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
