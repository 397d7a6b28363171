package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.artifact.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job pushes an image it made with skopeo and the credentials Slipway puts in its environment; the token is masked
 * in its log, opens only its own app's repositories, and stops working when the run has ended.
 */
class RegistryJobE2ETest extends OneServerE2E {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aJobPushesWithItsRunsCredentialsWhichEndWithTheRun() throws Exception {
        createApp("pusher");
        createApp("bystander");
        GitClient git = GitClient.init(tmp.resolve("pusher"));
        Digest digest = OciLayout.write(tmp.resolve("pusher").resolve("image"), "x",
                Map.of("hello.txt", "built in a job\n".getBytes()));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      push:
                        steps:
                          - run: 'skopeo --insecure-policy copy oci:image:x "docker://$SLIPWAY_REGISTRY/$SLIPWAY_APP:x" --dest-creds "$SLIPWAY_REGISTRY_USER:$SLIPWAY_REGISTRY_TOKEN" --dest-tls-verify=false'
                          - run: 'echo "registry token $SLIPWAY_REGISTRY_TOKEN"; printf "%s:%s" "$SLIPWAY_REGISTRY_USER" "$SLIPWAY_REGISTRY_TOKEN" > creds; until [ -e go ]; do sleep 0.1; done'
                        image: { pushed: true }
                """);
        git.commitAll("pushes its image");
        long run = pushedRun(git.push(server.pushUrl("pusher"), "HEAD:refs/heads/main").ok());

        Path creds = workspace("pusher", run, "push").resolve("creds");
        await().atMost(LONG).until(() -> Files.exists(creds) && Files.size(creds) > 0);
        String userAndToken = Files.readString(creds);
        String token = userAndToken.substring(userAndToken.indexOf(':') + 1);
        assertThat(userAndToken).startsWith("run-pusher-" + run + ":");

        HttpResponse<String> pulled = get("/v2/pusher/manifests/x", userAndToken);
        assertThat(pulled.statusCode()).as(pulled.body()).isEqualTo(200);
        assertThat(pulled.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        HttpResponse<String> elsewhere = get("/v2/bystander/tags/list", userAndToken);
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.body()).contains("DENIED").contains("only the repositories of app 'pusher'");

        release("pusher", run, "push", "go");
        JsonNode finished = awaitRun("pusher", run);
        assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("artifact").asText()).isEqualTo(digest.toString());

        HttpResponse<String> afterwards = get("/v2/pusher/tags/list", userAndToken);
        assertThat(afterwards.statusCode()).isEqualTo(401);
        assertThat(afterwards.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Slipway\"");

        String log = api.raw("GET", "/api/v1/apps/pusher/runs/" + run + "/log", null).body();
        assertThat(log).contains("registry token ***").doesNotContain(token);
        String audit = api.raw("GET", "/api/v1/audit?app=pusher", null).body();
        assertThat(audit).contains("image.pushed").contains("run-pusher-" + run).contains(digest.toString());
    }

    /** The same image pushed again by a later run (a commit that changes nothing in it) is that run's artifact too. */
    @Test
    void aLaterRunPushingTheSameImageHasItAsItsArtifact() throws Exception {
        createApp("again");
        GitClient git = GitClient.init(tmp.resolve("again"));
        Digest digest = OciLayout.write(tmp.resolve("again").resolve("image"), "x",
                Map.of("hello.txt", "the same every time\n".getBytes()));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      push:
                        steps:
                          - run: 'skopeo --insecure-policy copy oci:image:x "docker://$SLIPWAY_REGISTRY/$SLIPWAY_APP:x" --dest-creds "$SLIPWAY_REGISTRY_USER:$SLIPWAY_REGISTRY_TOKEN" --dest-tls-verify=false'
                        image: { pushed: true }
                """);
        git.commitAll("pushes its image");
        for (int i = 0; i < 2; i++) {
            git.write("README", "change " + i + "\n");
            git.commitAll("a change outside the image");
            long run = pushedRun(git.push(server.pushUrl("again"), "HEAD:refs/heads/main").ok());
            JsonNode finished = awaitRun("again", run);
            assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
            assertThat(finished.get("artifact").asText()).isEqualTo(digest.toString());
        }
    }

    static HttpResponse<String> get(String path, String userAndToken) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(userAndToken.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
