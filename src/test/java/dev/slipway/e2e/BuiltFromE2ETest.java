package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A later commit with the same tree reuses the artifact an earlier commit built: what runs was built at the earlier
 * commit, and status, history (API, CLI) and the environment page say so beside the commit deployed.
 */
class BuiltFromE2ETest extends OneServerE2E {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aReusedArtifactShowsTheCommitPromotedAndTheCommitBuilt() throws Exception {
        createApp("rebuilt");
        GitClient git = exampleRepo(tmp.resolve("rebuilt"));
        String built = git.head();
        awaitRun("rebuilt", pushedRun(git.push(server.pushUrl("rebuilt"), "HEAD:refs/heads/main").ok()));
        awaitServing("rebuilt", "staging", "version 1.0.0");

        String promoted = git.commitAll("nothing changed but the commit"); // --allow-empty: the same tree
        GitClient.Result push = git.push(server.pushUrl("rebuilt"), "HEAD:refs/heads/main").ok();
        assertThat(push.err()).contains("reusing artifact");
        awaitRun("rebuilt", pushedRun(push));
        JsonNode staging = org.awaitility.Awaitility.await().atMost(LONG).until(
                () -> api.environment("rebuilt", "staging"),
                e -> "LIVE".equals(e.get("state").asText()) && promoted.equals(e.get("commit").asText()));
        assertThat(staging.get("built_from").asText()).isEqualTo(built);

        JsonNode history = api.get("/api/v1/apps/rebuilt/environments/staging/deployments").get("deployments");
        assertThat(history.get(0).get("commit").asText()).isEqualTo(promoted);
        assertThat(history.get(0).get("built_from").asText()).isEqualTo(built);
        assertThat(history.get(1).get("commit").asText()).isEqualTo(built);
        assertThat(history.get(1).get("built_from").asText()).isEqualTo(built);

        String both = promoted.substring(0, 7) + " (built at " + built.substring(0, 7) + ")";
        CliRunner.Result status = cli.run("status", "rebuilt");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains(both);
        JsonNode statusJson = new ObjectMapper().readTree(cli.run("status", "rebuilt", "--json").out());
        assertThat(statusJson.get("environments").get(0).get("built_from").asText()).isEqualTo(built);
        CliRunner.Result table = cli.run("history", "rebuilt", "staging");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains(both);
        assertThat(table.out().lines().filter(l -> l.contains("(built at")).count())
                .as("only the deployment of the later commit names another commit built\n" + table.out()).isEqualTo(1);

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/ui/apps/rebuilt/environments/staging"))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(both);
    }
}
