package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that built under one public URL and was started again under another (a new host name, https in front):
 * what it signed before still verifies as its own with the CLI (the server's own check, which the provenance gate
 * uses, is ProvenanceContract's, with a stranger's builder id refused).
 */
class ProvenanceRenameE2ETest extends E2E {
    private static final String OLD = "https://old-name.example";

    @TempDir
    static Path tmp;

    @AfterAll
    static void stop() throws Exception {
        stopServer();
    }

    @Test
    void provenanceSignedUnderAnEarlierPublicUrlStillVerifiesAfterTheServerIsRenamed() throws Exception {
        Path data = tmp.resolve("data");
        use(ServerProcess.start(data, List.of(), List.of("--public-url", OLD)));
        CliRunner.Result created = cli.run("app", "create", "renamed");
        assertThat(created.exit()).as(created.err()).isZero();
        GitClient git = exampleRepo(tmp.resolve("work"));
        JsonNode run = awaitRun("renamed", pushedRun(git.push(server.pushUrl("renamed"), "HEAD:refs/heads/main").ok()));
        String digest = run.get("artifact").asText();
        assertThat(api.get("/api/v1/keys").get("builder").asText()).isEqualTo(OLD + "/builder");

        server.close();
        use(ServerProcess.start(data)); // its public URL is now http://127.0.0.1:PORT

        JsonNode keys = api.get("/api/v1/keys");
        assertThat(keys.get("builder").asText()).isEqualTo(server.url() + "/builder");
        List<String> builders = new ArrayList<>();
        keys.get("builders").forEach(b -> builders.add(b.asText()));
        assertThat(builders).containsExactly(server.url() + "/builder", OLD + "/builder");
        CliRunner.Result verified = cli.run("provenance", "verify", "renamed", digest);
        assertThat(verified.exit()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("provenance ok: " + digest + " was built by " + OLD + "/builder");
    }

    private static void use(ServerProcess started) {
        server = started;
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }
}
