package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** After going live a version is watched; when its health fails inside the window, the previous one comes back. */
class WatchE2ETest extends OneServerE2E {

    @Test
    void aVersionThatTurnsUnhealthyInsideItsWatchWindowIsRolledBackAutomatically() throws Exception {
        createApp("watched");
        GitClient git = exampleRepo(tmp.resolve("watched"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml"))
                .replace("    branches: [ main ]\n", "    branches: [ main ]\n    watch: 2m\n"));
        git.commitAll("staging is watched for 2 minutes");
        awaitRun("watched", pushedRun(git.push(server.pushUrl("watched"), "HEAD:refs/heads/main").ok()));
        JsonNode v1 = awaitServing("watched", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("v2");
        awaitRun("watched", pushedRun(git.push(server.pushUrl("watched"), "HEAD:refs/heads/main").ok()));
        JsonNode v2 = awaitServing("watched", "staging", "version 2.0.0");

        Path dir = server.data().resolve("environments/watched/staging/deployment-" + v2.get("deployment").asLong());
        assertThat(dir).isDirectory();
        Files.writeString(dir.resolve("unhealthy"), "yes");

        JsonNode back = awaitServing("watched", "staging", "version 1.0.0");
        assertThat(back.get("digest").asText()).isEqualTo(v1.get("digest").asText());
        JsonNode latest = api.get("/api/v1/apps/watched/environments/staging/deployments").get("deployments").get(0);
        assertThat(latest.get("trigger").asText()).isEqualTo("ROLLBACK");
        assertThat(latest.get("actor").asText()).isEqualTo("slipway (watch)");
        await().atMost(LONG).until(() -> cli.run("audit", "--app", "watched", "--limit", "200").out()
                .contains("deployment.auto_rollback"));
        assertThat(cli.run("audit", "verify").exit()).isZero();
    }

    @Test
    void onBlueGreenTheWatchSwapsBackToTheWarmSlot() throws Exception {
        createApp("bgwatch");
        GitClient git = exampleRepo(tmp.resolve("bgwatch"));
        git.write(".slipway.yml", Files.readString(git.dir().resolve(".slipway.yml")).replace("    branches: [ main ]\n",
                "    branches: [ main ]\n    strategy: bluegreen\n    swap: auto\n    keep_warm: 10m\n    watch: 2m\n"));
        git.commitAll("blue/green staging, watched");
        awaitRun("bgwatch", pushedRun(git.push(server.pushUrl("bgwatch"), "HEAD:refs/heads/main").ok()));
        JsonNode v1 = awaitServing("bgwatch", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("v2");
        awaitRun("bgwatch", pushedRun(git.push(server.pushUrl("bgwatch"), "HEAD:refs/heads/main").ok()));
        JsonNode v2 = awaitServing("bgwatch", "staging", "version 2.0.0");

        Path dir = server.data().resolve("environments/bgwatch/staging/deployment-" + v2.get("deployment").asLong());
        Files.writeString(dir.resolve("unhealthy"), "yes");

        JsonNode back = awaitServing("bgwatch", "staging", "version 1.0.0");
        assertThat(back.get("deployment").asLong()).as("the warm deployment itself is live again")
                .isEqualTo(v1.get("deployment").asLong());
        await().atMost(LONG).until(() -> {
            String audit = cli.run("audit", "--app", "bgwatch", "--limit", "200").out();
            return audit.contains("deployment.auto_rollback") && audit.contains("slipway (watch)");
        });
    }
}
