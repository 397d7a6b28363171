package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Processes: services come back after the server does, and timeouts and cancels kill whole process trees. */
class RecoveryE2ETest extends OneServerE2E {
    @Test
    void aKilledServiceIsStartedAgainAndASurvivingOneIsAdoptedWhenTheServerComesBack() throws Exception {
        createApp("phoenix");
        GitClient git = exampleRepo(tmp.resolve("phoenix"));
        awaitRun("phoenix", pushedRun(git.push(server.pushUrl("phoenix"), "HEAD:refs/heads/main").ok()));
        awaitRun("phoenix", pushedRun(git.push(server.pushUrl("phoenix"), "HEAD:refs/heads/side").ok()));
        JsonNode staging = awaitServing("phoenix", "staging", "hello from staging");
        awaitServing("phoenix", "dev-side", "hello from dev-side");
        ProcessHandle stagingService = service("staging").orElseThrow();
        ProcessHandle devService = service("dev-side").orElseThrow();

        server.crash();
        stagingService.destroyForcibly();
        await().atMost(LONG).until(() -> !stagingService.isAlive());
        assertThat(devService.isAlive()).isTrue();

        server.launch();
        JsonNode back = awaitServing("phoenix", "staging", "hello from staging");
        assertThat(back.get("digest").asText()).isEqualTo(staging.get("digest").asText());
        assertThat(back.get("url").asText()).isEqualTo(staging.get("url").asText());
        awaitServing("phoenix", "dev-side", "hello from dev-side");
        assertThat(service("dev-side")).contains(devService);
        assertThat(service("staging")).isPresent().isNotEqualTo(Optional.of(stagingService));
        // the one Recovery started again runs in a sandbox too: PID and mount namespaces that are not the host's
        ProcessHandle restarted = service("staging").orElseThrow();
        for (String ns : new String[] {"pid", "mnt"}) {
            assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(restarted.pid()), "ns", ns)))
                    .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns", ns)));
        }
    }

    @Test
    void aRunWhoseDeploymentsACrashLostIsDeployedOnRestart() throws Exception {
        createApp("lost");
        GitClient git = exampleRepo(tmp.resolve("lost"));
        JsonNode run = awaitRun("lost", pushedRun(git.push(server.pushUrl("lost"), "HEAD:refs/heads/main").ok()));
        awaitServing("lost", "staging", "hello from staging");
        server.crash();
        // as if the crash came right after the run succeeded, before its deployment was recorded
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.data().resolve("slipway.db"));
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM deployments WHERE app = 'lost'");
            s.executeUpdate("DELETE FROM environments WHERE app = 'lost'");
        }
        server.launch();
        JsonNode staging = awaitServing("lost", "staging", "hello from staging");
        assertThat(staging.get("digest").asText()).isEqualTo(run.get("artifact").asText());
        assertThat(staging.get("run").asLong()).isEqualTo(run.get("number").asLong());
    }

    /**
     * The service process serving an environment: the java running Hello with that SLIPWAY_ENV (its sandbox's bwrap
     * processes have the same environment and the command in their arguments).
     */
    private static Optional<ProcessHandle> service(String env) throws Exception {
        server.remember();
        for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
            Path environ = Path.of("/proc", Long.toString(h.pid()), "environ");
            try {
                String vars = new String(Files.readAllBytes(environ));
                if (vars.contains("SLIPWAY_ENV=" + env + "\0") && vars.contains("SLIPWAY_APP=phoenix\0")
                        && h.info().command().orElse("").endsWith("/java")
                        && h.info().commandLine().orElse("").contains("Hello")) {
                    return Optional.of(h);
                }
            } catch (Exception ignored) {
                // not ours, or gone
            }
        }
        return Optional.empty();
    }

    @Test
    void aTimeoutKillsTheStepAndEverythingItStarted() throws Exception {
        createApp("slow");
        String marker = marker();
        GitClient git = GitClient.init(tmp.resolve("slow"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      hang:
                        timeout: 5s
                        steps:
                          - run: |
                              sleep %1$s1 &
                              ( sleep %1$s2 & wait ) &
                              sleep %1$s3
                """.formatted(marker));
        git.commitAll("hangs");
        long number = pushedRun(git.push(server.pushUrl("slow"), "HEAD:refs/heads/main").ok());
        await().atMost(LONG).until(() -> sleepers(marker).size() == 3);
        JsonNode run = awaitRun("slow", number);
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("error").asText()).contains("timed out after 5s");
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers(marker).isEmpty());
    }

    @Test
    void aCancelledRunStopsItsStepsAndNeverDeploys() throws Exception {
        createApp("cancelled");
        String marker = marker();
        GitClient git = GitClient.init(tmp.resolve("cancelled"));
        git.write(".slipway.yml", """
                stages:
                  - name: build
                    jobs:
                      wait:
                        steps: [ { run: "sleep %s" } ]
                  - name: later
                    jobs:
                      never: { steps: [ "echo should not run" ] }
                """.formatted(marker));
        git.commitAll("waits");
        long number = pushedRun(git.push(server.pushUrl("cancelled"), "HEAD:refs/heads/main").ok());
        await().atMost(LONG).until(() -> sleepers(marker).size() == 1);
        CliRunner.Result cancel = cli.run("cancel", "cancelled", Long.toString(number));
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        JsonNode run = awaitRun("cancelled", number);
        assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(run.get("stages").get(1).get("jobs").get(0).get("state").asText()).isEqualTo("SKIPPED");
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepers(marker).isEmpty());
        CliRunner.Result again = cli.run("cancel", "cancelled", Long.toString(number));
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("already finished");
    }
}
