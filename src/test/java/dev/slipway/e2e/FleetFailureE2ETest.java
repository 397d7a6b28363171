package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target whose engine cannot start any container (a real dockerd whose default runtime is {@code /bin/false}): the
 * reconciler reports it FAILED in the engine's words instead of pretending; a release rolled out while it is bound
 * FAILS saying which target and why, the container it had started on the good engine is removed, and the
 * environment keeps its release there.
 */
class FleetFailureE2ETest extends E2E {
    static final String APP = "shaky";

    @TempDir
    static Path tmp;
    static TestDocker good;
    static TestDocker broken;

    @BeforeAll
    static void twoEnginesOneBroken() throws Exception {
        good = TestDocker.startAnother();
        broken = TestDocker.startAnother("--add-runtime", "broken=/bin/false", "--default-runtime", "broken");
        startServer(tmp.resolve("data"));
        createApp(APP);
    }

    @AfterAll
    static void stopAll() throws Exception {
        stopServer();
        for (TestDocker engine : new TestDocker[] {good, broken}) {
            if (engine != null) {
                engine.stop();
            }
        }
    }

    @Test
    void aTargetThatCannotStartFailsTheRolloutAndTheOthersKeepTheRelease() throws Exception {
        assertThat(cli.run("target", "add", "good", "--docker", good.host(), "--label", "pool=s").exit()).isZero();
        assertThat(cli.run("target", "bind", "--label", "pool=s", "--app", APP, "--env", "staging").exit()).isZero();
        GitClient git = GitClient.init(tmp.resolve("repo"));
        git.write(".slipway.yml", FleetE2ETest.PIPELINE);
        git.write("build.sh", FleetE2ETest.BUILD);
        Files.setPosixFilePermissions(tmp.resolve("repo/build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String one = release(git, "one");
        awaitServing(APP, "staging", "one on ");

        // the broken engine joins: the reconciler tries, and reports the engine's own refusal
        assertThat(cli.run("target", "add", "broken", "--docker", broken.host(), "--label", "pool=s").exit()).isZero();
        JsonNode failing = await().atMost(LONG).until(() -> target("broken"),
                t -> t != null && t.get("sync").asText().equals("FAILED"));
        assertThat(failing.get("detail").asText()).contains("runtime");
        assertThat(cli.run("status", APP).out()).containsPattern("staging\\s+broken\\s+.*failed");

        // a new release: good starts it, broken refuses; the deployment FAILS and good keeps release one only
        String two = release(git, "two");
        JsonNode failed = await().atMost(LONG).until(() -> api.get("/api/v1/apps/" + APP
                + "/environments/staging/deployments").get("deployments").get(0),
                d -> d.get("digest").asText().equals(two) && d.get("state").asText().equals("FAILED"));
        assertThat(failed.get("reason").asText()).contains("on target broken").contains("runtime")
                .contains("put back");
        assertThat(api.environment(APP, "staging").get("digest").asText()).isEqualTo(one);
        assertThat(FleetE2ETest.running(good, "staging", APP)).containsOnly(one);
        assertThat(api.fetch(api.environment(APP, "staging").get("url").asText())).startsWith("one on ");
    }

    static String release(GitClient git, String page) throws Exception {
        git.write("index.html", page + "\n");
        git.write("delay", "0\n");
        git.commitAll(page);
        JsonNode run = awaitRun(APP, pushedRun(git.push(server.pushUrl(APP), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run.get("artifact").asText();
    }

    static JsonNode target(String name) throws Exception {
        JsonNode targets = api.environment(APP, "staging").get("targets");
        for (JsonNode t : targets == null ? List.<JsonNode>of() : (Iterable<JsonNode>) targets::elements) {
            if (t.get("target").asText().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
