package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the server while a new version waits to become healthy: the old version serves, nothing is left over. */
class CrashDuringDeployE2ETest extends E2E {
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
    void aDeploymentHalfDoneAtACrashIsErroredItsProcessReapedAndTheLiveVersionServes() throws Exception {
        createApp("crashy");
        GitClient git = exampleRepo(tmp.resolve("crashy"));
        awaitRun("crashy", pushedRun(git.push(server.pushUrl("crashy"), "HEAD:refs/heads/main").ok()));
        JsonNode before = awaitServing("crashy", "staging", "version 1.0.0");

        String marker = marker();
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        // the marked sleep starts a second after the spawn, by when Slipway has long recorded it; it never gets healthy
        git.write(".slipway.yml", yml.replace("command: \"java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello\"",
                "command: \"sleep 1; exec sleep " + marker + "\"\n  start_timeout: 120s"));
        git.write("VERSION", "2.0.0\n");
        git.commitAll("takes its time to start");
        awaitRun("crashy", pushedRun(git.push(server.pushUrl("crashy"), "HEAD:refs/heads/main").ok()));
        await().atMost(LONG).until(() -> sleepers(marker).size() == 1);
        long pid = sleepers(marker).get(0).pid();
        assertThat(api.get("/api/v1/apps/crashy/environments/staging/deployments").get("deployments").get(0)
                .get("state").asText()).isEqualTo("DEPLOYING");

        server.crash();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true); // it outlived the server
        server.launch();

        JsonNode errored = api.get("/api/v1/apps/crashy/environments/staging/deployments").get("deployments").get(0);
        assertThat(errored.get("id").asLong()).isEqualTo(2);
        assertThat(errored.get("state").asText()).isEqualTo("ERRORED");
        assertThat(errored.get("reason").asText()).contains("Slipway stopped while this deployment was deploying");
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        JsonNode after = awaitServing("crashy", "staging", "version 1.0.0");
        assertThat(after.get("digest").asText()).isEqualTo(before.get("digest").asText());
        assertThat(after.get("url").asText()).isEqualTo(before.get("url").asText());
    }
}
