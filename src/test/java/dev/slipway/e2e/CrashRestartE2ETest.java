package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9 in the middle of a multi-stage run, and a real restart: the server must come back, settle the run
 * (finished jobs keep their state, the interrupted one is ERRORED), clear what the crash left on disk, and build again.
 */
class CrashRestartE2ETest extends E2E {
    @TempDir
    Path tmp;

    @AfterEach
    void stop() throws Exception {
        stopServer();
    }

    @Test
    void aKillDuringTheSecondStageLeavesAServerThatStartsAndBuildsAgain() throws Exception {
        startServer(tmp.resolve("data"));
        createApp("crashy");
        GitClient git = GitClient.init(tmp.resolve("crashy"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "echo built" ] }
                  - name: test
                    jobs:
                      slow: { steps: [ "sleep 15" ] }
                """);
        git.commitAll("two stages");
        long number = pushedRun(git.push(server.pushUrl("crashy"), "HEAD:refs/heads/main").ok());
        // jobs are sandboxed (they cannot write outside their workspace): the API says when `slow` runs
        JsonNode before = await().atMost(LONG).until(() -> api.run("crashy", number),
                run -> "RUNNING".equals(jobState(run, 1)));
        assertThat(before.get("state").asText()).isEqualTo("RUNNING");
        assertThat(jobState(before, 0)).isEqualTo("SUCCEEDED");
        assertThat(jobState(before, 1)).isEqualTo("RUNNING");
        Path workspace = server.data().resolve("work").resolve("crashy").resolve(Long.toString(number)).resolve("slow");
        assertThat(workspace).isDirectory();

        server.crash();
        // what an upload cut short by the crash leaves behind
        Path upload = Files.writeString(server.data().resolve("artifacts/incoming/store-1234.tar"), "half a tar");
        // and what a push or fetch killed between taking a ref's lock and renaming it over the ref leaves
        Path repo = server.data().resolve("repos/crashy.git");
        List<Path> locks = List.of(Files.writeString(repo.resolve("refs/heads/main.lock"), "0".repeat(40) + "\n"),
                Files.writeString(repo.resolve("packed-refs.lock"), "# pack-refs with: peeled\n"),
                Files.writeString(repo.resolve("HEAD.lock"), "ref: refs/heads/ma"));
        server.launch(); // throws if the server exits instead of serving

        JsonNode after = api.run("crashy", number);
        assertThat(after.get("state").asText()).isEqualTo("ERRORED");
        assertThat(after.get("error").asText()).contains("Slipway stopped");
        assertThat(jobState(after, 0)).isEqualTo("SUCCEEDED");
        assertThat(jobState(after, 1)).isEqualTo("ERRORED");
        assertThat(workspace).doesNotExist();
        assertThat(upload).doesNotExist();
        assertThat(locks).allSatisfy(lock -> assertThat(lock).doesNotExist());

        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "echo built" ] }
                  - name: test
                    jobs:
                      slow: { steps: [ "echo quick now" ] }
                """);
        git.commitAll("quick");
        JsonNode next = awaitRun("crashy", pushedRun(git.push(server.pushUrl("crashy"), "HEAD:refs/heads/main").ok()));
        assertThat(next.get("state").asText()).as(next.toString()).isEqualTo("SUCCEEDED");

        // and it starts again after that, too (the first fix attempt must not leave a record that breaks the next)
        server.crash();
        server.launch();
        assertThat(api.run("crashy", number).get("state").asText()).isEqualTo("ERRORED");
    }

    private static String jobState(JsonNode run, int stage) {
        return run.get("stages").get(stage).get("jobs").get(0).get("state").asText();
    }
}
