package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An environment's verify steps run against the new version's own address before any traffic moves to it. */
class VerifyE2ETest extends E2E {
    /** Fetches SLIPWAY_URL with bash alone (no curl on a fresh machine) and refuses version 2.0.0. */
    private static final String VERIFY = """
                verify:
                  - name: smoke
                    run: |
                      body=$(exec 3<>/dev/tcp/127.0.0.1/${SLIPWAY_URL##*:}; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3)
                      echo "smoke: $SLIPWAY_URL answered: ${body##*$'\\n'}"
                      case "$body" in *"version 2.0.0"*) echo "version 2.0.0 is broken"; exit 5;; *version*) ;; *) exit 6;; esac
            """;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        startServer(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
    }

    @Test
    void aFailingVerifyStepFailsTheDeploymentWithItsOutputAndTrafficStaysOnTheLiveVersion() throws Exception {
        createApp("verified");
        GitClient git = exampleRepo(tmp.resolve("verified"));
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        assertThat(yml).contains("    branches: [ main ]\n");
        git.write(".slipway.yml", yml.replace("    branches: [ main ]\n", "    branches: [ main ]\n" + VERIFY));
        git.commitAll("staging verifies each version");
        awaitRun("verified", pushedRun(git.push(server.pushUrl("verified"), "HEAD:refs/heads/main").ok()));
        JsonNode before = awaitServing("verified", "staging", "version 1.0.0");

        git.write("VERSION", "2.0.0\n");
        git.commitAll("version 2 breaks the smoke test");
        JsonNode run = awaitRun("verified", pushedRun(git.push(server.pushUrl("verified"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");

        JsonNode failed = Awaitility.await().atMost(LONG).until(
                () -> api.get("/api/v1/apps/verified/environments/staging/deployments").get("deployments").get(0),
                d -> d.get("id").asLong() == 2 && d.get("state").asText().equals("FAILED"));
        assertThat(failed.get("reason").asText())
                .contains("verify step 'smoke' exited with code 5")
                .contains("traffic stayed on the previous one")
                .contains("answered: hello from staging, version 2.0.0")
                .contains("version 2.0.0 is broken");
        JsonNode after = api.environment("verified", "staging");
        assertThat(after.get("digest").asText()).isEqualTo(before.get("digest").asText());
        assertThat(api.fetch(after.get("url").asText())).contains("version 1.0.0");
    }
}
