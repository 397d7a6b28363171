package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Services outlive the server, however it stops: a clean stop leaves the live and the warm version running and the
 * next start adopts both (served again through the router); `server --stop-services` stops them all and the next
 * start brings the live one back from its artifact. After any restart only the deployments that still run keep
 * their directories.
 */
class ServicesOutliveTheServerE2ETest extends OneServerE2E {
    private static final String STAGING = "    branches: [ main ]\n";

    /** Each test stops the server; one that failed meanwhile leaves it for the next to start again. */
    @BeforeEach
    void serverRuns() throws Exception {
        if (!server.running()) {
            server.launch(List.of());
        }
    }

    @Test
    void aCleanStopLeavesTheLiveAndWarmVersionsRunningAndTheNextStartAdoptsThem() throws Exception {
        JsonNode swapped = liveAndWarm("outlive", "10m");
        ProcessHandle live = service("outlive", swapped.get("digest").asText()).orElseThrow();
        ProcessHandle warm = service("outlive", swapped.get("idle_digest").asText()).orElseThrow();

        server.stop();
        assertThat(live.isAlive()).as("the live service outlives a clean stop").isTrue();
        assertThat(warm.isAlive()).as("so does the warm one").isTrue();
        server.launch(List.of());

        JsonNode back = awaitServing("outlive", "staging", "version 2.0.0");
        assertThat(back.get("url").asText()).isEqualTo(swapped.get("url").asText());
        assertThat(back.get("idle_state").asText()).as("still warm").isEqualTo("WARM");
        assertThat(service("outlive", back.get("digest").asText())).as("adopted, not started again").contains(live);
        assertThat(service("outlive", back.get("idle_digest").asText())).contains(warm);
        CliRunner.Result swap = cli.run("swap", "outlive", "staging");
        assertThat(swap.exit()).as(swap.err()).isZero();
        assertThat(api.fetch(back.get("url").asText())).as("swapped back to the adopted warm version")
                .contains("version 1.0.0");
        assertThat(deploymentDirectories("outlive")).hasSize(2);
    }

    @Test
    void stopServicesStopsEveryServiceAndTheNextStartBringsTheLiveOneBackFromItsArtifact() throws Exception {
        JsonNode swapped = liveAndWarm("stopped", "10m");
        ProcessHandle live = service("stopped", swapped.get("digest").asText()).orElseThrow();
        ProcessHandle warm = service("stopped", swapped.get("idle_digest").asText()).orElseThrow();
        server.stop();
        server.launch(List.of("--stop-services"));

        server.stop();
        await().atMost(LONG).until(() -> !live.isAlive() && !warm.isAlive());
        server.launch(List.of());

        JsonNode back = awaitServing("stopped", "staging", "version 2.0.0");
        assertThat(back.get("digest").asText()).isEqualTo(swapped.get("digest").asText());
        assertThat(back.get("url").asText()).isEqualTo(swapped.get("url").asText());
        assertThat(service("stopped", back.get("digest").asText())).isPresent().isNotEqualTo(Optional.of(live));
        assertThat(back.path("idle_state").asText("")).as("the warm one is not started again").isNotEqualTo("WARM");
        assertThat(deploymentDirectories("stopped")).containsExactly("deployment-" + back.get("deployment").asLong());
    }

    @Test
    void afterACrashOnlyTheDirectoriesOfDeploymentsThatRunAreLeft() throws Exception {
        JsonNode swapped = liveAndWarm("leak", "3s");
        ProcessHandle warm = service("leak", swapped.get("idle_digest").asText()).orElseThrow();
        Path staging = server.data().resolve("environments/leak/staging");
        // what an earlier server left behind: the files of a deployment the database no longer has
        Files.writeString(Files.createDirectories(staging.resolve("deployment-99")).resolve("app.jar"), "left over");

        server.crash();
        Instant down = Instant.now();
        await().atMost(LONG).until(() -> Instant.now().isAfter(down.plusSeconds(3))); // its keep_warm ends meanwhile
        server.launch(List.of());

        JsonNode back = awaitServing("leak", "staging", "version 2.0.0");
        await().atMost(LONG).until(() -> !warm.isAlive());
        await().atMost(LONG).until(() -> deploymentDirectories("leak"),
                dirs -> dirs.equals(Set.of("deployment-" + back.get("deployment").asLong())));
        assertThat(Files.exists(staging.resolve("deployment-99"))).isFalse();
    }

    /** Version 1 then version 2 into a blue/green staging, swapped: 2 is live, 1 warm for {@code keepWarm}. */
    private static JsonNode liveAndWarm(String app, String keepWarm) throws Exception {
        createApp(app);
        GitClient git = exampleRepo(tmp.resolve(app));
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        git.write(".slipway.yml", yml.replace(STAGING, STAGING + "    strategy: bluegreen\n    swap: auto\n"
                + "    keep_warm: " + keepWarm + "\n"));
        git.commitAll("staging is blue/green");
        awaitRun(app, pushedRun(git.push(server.pushUrl(app), "HEAD:refs/heads/main").ok()));
        awaitServing(app, "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("version 2");
        awaitRun(app, pushedRun(git.push(server.pushUrl(app), "HEAD:refs/heads/main").ok()));
        awaitServing(app, "staging", "version 2.0.0");
        return await().atMost(LONG).until(() -> api.environment(app, "staging"),
                e -> "WARM".equals(e.path("idle_state").asText()));
    }

    private static Set<String> deploymentDirectories(String app) throws IOException {
        try (Stream<Path> entries = Files.list(server.data().resolve("environments").resolve(app).resolve("staging"))) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** The java process serving {@code digest} of {@code app} (the sandbox's bwrap has the same environment). */
    private static Optional<ProcessHandle> service(String app, String digest) {
        server.remember();
        for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
            try {
                String vars = new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "environ")));
                if (vars.contains("SLIPWAY_APP=" + app + "\0") && vars.contains("SLIPWAY_DIGEST=" + digest + "\0")
                        && h.info().command().orElse("").endsWith("/java")) {
                    return Optional.of(h);
                }
            } catch (IOException | RuntimeException ignored) {
                // not ours, or gone
            }
        }
        return Optional.empty();
    }
}
