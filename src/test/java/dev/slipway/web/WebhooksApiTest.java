package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.forge.Forge;
import dev.slipway.forge.PushHint;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook deliveries over real HTTP: signed ones become hints for the mirror and are answered at once; unsigned,
 * replayed, unknown, oversized and malformed ones are answered as such and leave the record as it should be. Each
 * test follows a repository of its own.
 */
class WebhooksApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String SECRET = "s3cret-for-hooks";
    static final String BEFORE = "a".repeat(40);
    static final String AFTER = "b".repeat(40);

    @TempDir
    static Path tmp;
    static HookServer server;

    @BeforeAll
    static void start() {
        server = new HookServer(tmp);
    }

    @BeforeEach
    void mirrorAnswersAtOnce() {
        server.mirrors.next = CompletableFuture.completedFuture("run #1 started for main");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSignedPushIsAcceptedAtOnceHintedAndListedWithWhatCameOfIt() throws Exception {
        server.follow("signed", "https://github.com/acme/signed.git", Optional.of(Forge.GITHUB), SECRET);
        CompletableFuture<String> fetch = new CompletableFuture<>();
        server.mirrors.next = fetch;
        String body = githubPush("https://github.com/acme/signed.git", "refs/heads/main", "octo");

        HttpResponse<String> answer = github("push", "d-signed", body, sign(SECRET, body));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(message(answer)).contains("accepted for signed");
        assertThat(hintsFor("signed")).containsExactly(new PushHint("signed", "d-signed", "refs/heads/main", BEFORE,
                AFTER, "github:octo"));
        JsonNode listed = deliveries("signed").get(0);
        assertThat(listed.get("outcome").asText()).as("not waited for").isEqualTo("accepted");
        assertThat(listed.get("detail").asText()).isEqualTo("fetching");

        fetch.complete("run #3 started for main");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(deliveries("signed").get(0).get("outcome").asText()).isEqualTo("fetched"));
        JsonNode done = deliveries("signed").get(0);
        assertThat(done.get("delivery_id").asText()).isEqualTo("d-signed");
        assertThat(done.get("forge").asText()).isEqualTo("github");
        assertThat(done.get("event").asText()).isEqualTo("push");
        assertThat(done.get("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(done.get("detail").asText()).isEqualTo("run #3 started for main");
        assertThat(done.get("received_at").asText()).isNotBlank();
    }

    @Test
    void aMirrorThatFailsLeavesItsErrorOnTheDelivery() throws Exception {
        server.follow("failing", "https://github.com/acme/failing", Optional.of(Forge.GITHUB), SECRET);
        server.mirrors.next = CompletableFuture.failedFuture(new IllegalStateException("cannot reach github.com"));
        String body = githubPush("https://github.com/acme/failing.git", "refs/heads/main", "octo");
        assertThat(github("push", "d-fail", body, sign(SECRET, body)).statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode delivery = deliveries("failing").get(0);
            assertThat(delivery.get("outcome").asText()).isEqualTo("errored");
            assertThat(delivery.get("detail").asText()).isEqualTo("cannot reach github.com");
        });
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedRecordedAndHintsNothing() throws Exception {
        server.follow("guarded", "git@github.com:acme/guarded.git", Optional.of(Forge.GITHUB), SECRET);
        String body = githubPush("https://github.com/acme/guarded.git", "refs/heads/main", "mallory");

        HttpResponse<String> wrong = github("push", "d-wrong", body, sign("not-the-secret", body));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        assertThat(message(wrong)).contains("FORGE_WEBHOOK_SECRET").doesNotContain(SECRET);
        HttpResponse<String> missing = github("push", "d-missing", body, null);
        assertThat(missing.statusCode()).isEqualTo(401);

        assertThat(hintsFor("guarded")).isEmpty();
        List<JsonNode> listed = deliveries("guarded");
        assertThat(listed).extracting(d -> d.get("delivery_id").asText() + " " + d.get("outcome").asText())
                .containsExactly("d-missing refused", "d-wrong refused");
        assertThat(listed.get(0).get("detail").asText()).contains("x-hub-signature-256 does not match");
    }

    @Test
    void aRefusedDeliverySentAgainOnceTheSecretIsFixedIsAccepted() throws Exception {
        server.follow("fixed", "https://github.com/acme/fixed.git", Optional.of(Forge.GITHUB), "the-old-secret-before-the-fix");
        String body = githubPush("https://github.com/acme/fixed.git", "refs/heads/main", "octo");
        String signed = sign(SECRET, body);
        assertThat(github("push", "d-fixed", body, signed).statusCode()).isEqualTo(401);
        assertThat(github("push", "d-fixed", body, signed).statusCode()).as("still refused").isEqualTo(401);
        server.secret("fixed", SECRET);
        assertThat(github("push", "d-fixed", body, signed).statusCode()).isEqualTo(202);
        assertThat(github("push", "d-fixed", body, signed).statusCode()).as("then a replay").isEqualTo(200);
        assertThat(hintsFor("fixed")).hasSize(1);
        assertThat(deliveries("fixed")).extracting(d -> d.get("outcome").asText()).containsExactly("fetched");
    }

    @Test
    void anAppWithoutASecretCannotVerifyAndRefuses() throws Exception {
        server.follow("nosecret", "https://gitea.example/acme/nosecret.git", Optional.empty(), null);
        String body = githubPush("https://gitea.example/acme/nosecret.git", "refs/heads/main", "octo");
        HttpResponse<String> answer = gitea("push", "d-nosecret", body, sign("anything", body));
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(deliveries("nosecret").get(0).get("detail").asText()).contains("has no FORGE_WEBHOOK_SECRET");
        assertThat(hintsFor("nosecret")).isEmpty();
    }

    @Test
    void aReplayIsAnsweredButHintsOnce() throws Exception {
        server.follow("replayed", "https://github.com/acme/replayed.git", Optional.of(Forge.GITHUB), SECRET);
        String body = githubPush("https://github.com/acme/replayed.git", "refs/heads/main", "octo");
        assertThat(github("push", "d-replay", body, sign(SECRET, body)).statusCode()).isEqualTo(202);
        HttpResponse<String> again = github("push", "d-replay", body, sign(SECRET, body));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(message(again)).contains("already received");
        assertThat(hintsFor("replayed")).hasSize(1);
        assertThat(deliveries("replayed")).hasSize(1);
    }

    @Test
    void anUnknownRepositoryIsNotFoundAndStoresNothing() throws Exception {
        server.follow("known", "https://github.com/acme/known.git", Optional.of(Forge.GITHUB), SECRET);
        String body = githubPush("https://github.com/acme/unknown.git", "refs/heads/main", "octo");
        HttpResponse<String> answer = github("push", "d-unknown", body, sign(SECRET, body));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(message(answer)).isEqualTo("no app follows https://github.com/acme/unknown.git on github");
        String onGitlab = gitlabPush("https://github.com/acme/known.git");
        assertThat(gitlab("Push Hook", "d-other-forge", onGitlab, SECRET).statusCode())
                .as("the app follows it on GitHub, not GitLab").isEqualTo(404);
        assertThat(deliveries("known")).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefusedUnreadAndStoresNothing() throws Exception {
        server.follow("large", "https://github.com/acme/large.git", Optional.of(Forge.GITHUB), SECRET);
        String push = githubPush("https://github.com/acme/large.git", "refs/heads/main", "octo");
        String body = push.substring(0, push.length() - 1) + ", \"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        // Only the head is sent: the answer must come from the declared length alone, before any of the body (a client
        // still writing a body the server will not read may never see the 413 when the connection closes).
        String hex = sign(SECRET, body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI url = URI.create(server.url());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /hooks/github HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\n"
                    + "Connection: close\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: d-large\r\n"
                    + "X-Hub-Signature-256: sha256=" + hex + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("larger than");
        }
        assertThat(deliveries("large")).isEmpty();
        assertThat(hintsFor("large")).isEmpty();
    }

    @Test
    void malformedJsonSaysWhatWasWrongAndStoresNothing() throws Exception {
        server.follow("malformed", "https://github.com/acme/malformed.git", Optional.of(Forge.GITHUB), SECRET);
        String body = "{\"ref\": \"refs/heads/main\", ";
        HttpResponse<String> broken = github("push", "d-broken", body, sign(SECRET, body));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(message(broken)).contains("not valid JSON");
        String noAfter = "{\"ref\": \"refs/heads/main\", \"before\": \"" + BEFORE + "\", \"pusher\": {\"name\": \"o\"}, "
                + "\"repository\": {\"clone_url\": \"https://github.com/acme/malformed.git\"}}";
        HttpResponse<String> missing = github("push", "d-no-after", noAfter, sign(SECRET, noAfter));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(message(missing)).contains("has no after");
        assertThat(deliveries("malformed")).isEmpty();
    }

    @Test
    void pingIsAnsweredAndOtherEventsAreRecordedAsIgnored() throws Exception {
        server.follow("pinged", "https://github.com/acme/pinged.git", Optional.of(Forge.GITHUB), SECRET);
        String ping = "{\"zen\": \"Design for failure.\", \"hook_id\": 7, "
                + "\"repository\": {\"clone_url\": \"https://github.com/acme/pinged.git\"}}";
        HttpResponse<String> pong = github("ping", "d-ping", ping, sign(SECRET, ping));
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(message(pong)).isEqualTo("pong");
        HttpResponse<String> issue = github("issues", "d-issue", ping, sign(SECRET, ping));
        assertThat(issue.statusCode()).isEqualTo(200);
        assertThat(deliveries("pinged")).extracting(d -> d.get("event").asText() + " " + d.get("outcome").asText())
                .containsExactly("issues ignored");
        assertThat(hintsFor("pinged")).isEmpty();
    }

    @Test
    void gitlabAndGiteaDeliveriesAreTheirOwnFormats() throws Exception {
        server.follow("onlab", "https://gitlab.example.com/acme/onlab.git", Optional.of(Forge.GITLAB), SECRET);
        server.follow("ontea", "ssh://git@gitea.example:2222/acme/ontea.git", Optional.of(Forge.GITEA), SECRET);
        String lab = gitlabPush("https://gitlab.example.com/acme/onlab.git");
        assertThat(gitlab("Push Hook", "d-lab-wrong", lab, "wrong").statusCode()).isEqualTo(401);
        assertThat(gitlab("Push Hook", "d-lab", lab, SECRET).statusCode()).isEqualTo(202);
        assertThat(hintsFor("onlab")).containsExactly(new PushHint("onlab", "d-lab", "refs/heads/main", BEFORE, AFTER,
                "gitlab:jsmith"));

        String tea = githubPush("http://gitea.example/acme/ontea.git", "refs/tags/v1", "teauser")
                .replace("\"name\": \"teauser\"", "\"login\": \"teauser\"");
        assertThat(gitea("push", "d-tea", tea, sign(SECRET, tea)).statusCode()).isEqualTo(202);
        assertThat(hintsFor("ontea")).containsExactly(new PushHint("ontea", "d-tea", "refs/tags/v1", BEFORE, AFTER,
                "gitea:teauser"));
    }

    @Test
    void aLinkedLoginPushesAsTheSlipwayUserAndUnlinkedAsTheForgeLogin() throws Exception {
        server.follow("linked", "https://github.com/acme/linked.git", Optional.of(Forge.GITHUB), SECRET);
        assertThat(send("POST", "/api/v1/users", "{\"name\":\"carol\"}", HookServer.ADMIN).statusCode())
                .isEqualTo(201);
        HttpResponse<String> link = send("PUT", "/api/v1/users/carol/links/github", "{\"login\":\"CarolOnGitHub\"}",
                HookServer.ADMIN);
        assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/api/v1/users/carol/links", null, HookServer.ADMIN).body())
                .get("links").get(0).get("login").asText()).isEqualTo("CarolOnGitHub");
        assertThat(send("PUT", "/api/v1/users/ghost/links/github", "{\"login\":\"ghost\"}", HookServer.ADMIN)
                .statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/users/carol/links/bitbucket", "{\"login\":\"c\"}", HookServer.ADMIN)
                .statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/users/carol/links/github", "{\"login\":\"CarolOnGitHub\"}", null)
                .statusCode()).isEqualTo(401);

        String body = githubPush("https://github.com/acme/linked.git", "refs/heads/main", "carolongithub");
        assertThat(github("push", "d-linked", body, sign(SECRET, body)).statusCode()).isEqualTo(202);
        assertThat(send("DELETE", "/api/v1/users/carol/links/github", null, HookServer.ADMIN).statusCode())
                .isEqualTo(200);
        assertThat(github("push", "d-unlinked", body, sign(SECRET, body)).statusCode()).isEqualTo(202);
        assertThat(hintsFor("linked")).extracting(PushHint::pusher)
                .containsExactly("carol", "github:carolongithub");
        assertThat(send("DELETE", "/api/v1/users/carol/links/github", null, HookServer.ADMIN).statusCode())
                .as("nothing left to unlink").isEqualTo(404);
    }

    private static List<PushHint> hintsFor(String app) {
        return server.mirrors.hints.stream().filter(h -> h.app().equals(app)).toList();
    }

    private static List<JsonNode> deliveries(String app) throws Exception {
        HttpResponse<String> response = send("GET", "/api/v1/apps/" + app + "/hooks", null, HookServer.ADMIN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(response.body()).get("deliveries").forEach(list::add);
        return list;
    }

    static String githubPush(String cloneUrl, String ref, String pusher) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s", "created": false, "deleted": false, "forced": false,
                 "repository": {"full_name": "acme/x", "clone_url": "%s", "html_url": "https://example.invalid/x"},
                 "pusher": {"name": "%s", "email": "p@example.com"}, "sender": {"login": "%s"}, "commits": []}"""
                .formatted(ref, BEFORE, AFTER, cloneUrl, pusher, pusher);
    }

    static String gitlabPush(String httpUrl) {
        return """
                {"object_kind": "push", "before": "%s", "after": "%s", "ref": "refs/heads/main",
                 "user_username": "jsmith", "project": {"git_http_url": "%s", "path_with_namespace": "acme/x"},
                 "commits": [], "total_commits_count": 0}""".formatted(BEFORE, AFTER, httpUrl);
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> github(String event, String delivery, String body, String hex) throws Exception {
        return hook("/hooks/github", body, hex == null ? Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery)
                : Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", "sha256=" + hex));
    }

    static HttpResponse<String> gitlab(String event, String delivery, String body, String token) throws Exception {
        return hook("/hooks/gitlab", body, Map.of("X-Gitlab-Event", event, "X-Gitlab-Event-UUID", delivery,
                "X-Gitlab-Token", token));
    }

    static HttpResponse<String> gitea(String event, String delivery, String body, String hex) throws Exception {
        return hook("/hooks/gitea", body, Map.of("X-Gitea-Event", event, "X-Gitea-Delivery", delivery,
                "X-Gitea-Signature", hex));
    }

    static HttpResponse<String> hook(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("message").asText();
    }

    static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
