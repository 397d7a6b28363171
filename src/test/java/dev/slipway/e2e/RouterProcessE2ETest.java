package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.environment.local.RouterFiles;
import dev.slipway.process.ProcessId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server --router process: the environments' addresses are served by `slipway router`, a process of its own. A load
 * loop through a live environment's address sees no failed request while the server is killed (-9) and started
 * again; the restarted server adopts the same router; --stop-services stops it with the server.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class RouterProcessE2ETest extends E2E {
    private static final List<String> PROCESS_ROUTER = List.of("--router", "process");
    /** Upper bound of the load loop, so a hung server cannot make it run forever. */
    private static final int MAX_REQUESTS = 100_000;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(tmp.resolve("data"), List.of(), PROCESS_ROUTER);
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
        routerProcess().flatMap(id -> ProcessHandle.of(id.pid())).ifPresent(router -> {
            router.destroy(); // by the pid in its pid file, checked with its start time
            router.onExit().join();
        });
    }

    @Test
    @org.junit.jupiter.api.Order(2) // ends by stopping the server and its router
    void aLiveEnvironmentAnswersEveryRequestWhileTheServerIsKilledAndStartedAgain() throws Exception {
        createApp("steady");
        GitClient git = exampleRepo(tmp.resolve("steady"));
        awaitRun("steady", pushedRun(git.push(server.pushUrl("steady"), "HEAD:refs/heads/main").ok()));
        String url = awaitServing("steady", "staging", "version 1.0.0").get("url").asText();
        ProcessId router = routerProcess().orElseThrow();
        assertThat(router.pid()).isNotEqualTo(server.pid());

        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> loop(url, loading, answered, failures), "load");
        load.start();
        try {
            await().atMost(LONG).until(() -> answered.get() >= 50);
            server.crash();
            int atCrash = answered.get();
            await().atMost(LONG).until(() -> answered.get() >= atCrash + 200 || !failures.isEmpty());
            server.launch(PROCESS_ROUTER); // its start-up (recovery, re-synchronising the router) under load too
            int atStart = answered.get();
            await().atMost(LONG).until(() -> answered.get() >= atStart + 200 || !failures.isEmpty());
        } finally {
            loading.set(false);
            load.join();
        }

        assertThat(failures).as("failed requests out of " + answered.get()).isEmpty();
        assertThat(routerProcess()).as("the restarted server adopted the router").contains(router);
        assertThat(awaitServing("steady", "staging", "version 1.0.0").get("url").asText()).isEqualTo(url);

        server.stop();
        server.launch(List.of("--router", "process", "--stop-services"));
        assertThat(routerProcess()).contains(router);
        server.stop();
        await().atMost(LONG).until(() -> !router.isAlive());
    }

    /**
     * The same on Docker targets: an environment on two engines (two containers behind the router process) answers
     * every request while the server is killed and started again, and the restarted server re-programs the router
     * with the same two containers.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void anEnvironmentOnDockerTargetsAnswersEveryRequestWhileTheServerIsKilledAndStartedAgain() throws Exception {
        dev.slipway.testing.TestDocker one = dev.slipway.testing.TestDocker.startAnother();
        dev.slipway.testing.TestDocker two = dev.slipway.testing.TestDocker.startAnother();
        try {
            createApp("boxed");
            for (dev.slipway.testing.TestDocker engine : List.of(one, two)) {
                String name = engine == one ? "one" : "two";
                assertThat(cli.run("target", "add", name, "--docker", engine.host(), "--label", "pool=r").exit()).isZero();
            }
            assertThat(cli.run("target", "bind", "--label", "pool=r", "--app", "boxed", "--env", "staging").exit())
                    .isZero();
            GitClient git = GitClient.init(tmp.resolve("boxed"));
            git.write(".slipway.yml", FleetE2ETest.PIPELINE);
            git.write("build.sh", FleetE2ETest.BUILD);
            java.nio.file.Files.setPosixFilePermissions(tmp.resolve("boxed/build.sh"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            git.write("index.html", "version 1.0.0\n");
            git.write("delay", "0\n");
            git.commitAll("boxed");
            awaitRun("boxed", pushedRun(git.push(server.pushUrl("boxed"), "HEAD:refs/heads/main").ok()));
            String url = awaitServing("boxed", "staging", "version 1.0.0").get("url").asText();
            await().atMost(LONG).until(() -> answersFrom(url, 12) == 2);

            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> loop(url, loading, answered, failures), "load");
            load.start();
            try {
                await().atMost(LONG).until(() -> answered.get() >= 50);
                server.crash();
                int atCrash = answered.get();
                await().atMost(LONG).until(() -> answered.get() >= atCrash + 200 || !failures.isEmpty());
                server.launch(PROCESS_ROUTER);
                int atStart = answered.get();
                await().atMost(LONG).until(() -> answered.get() >= atStart + 200 || !failures.isEmpty());
            } finally {
                loading.set(false);
                load.join();
            }
            assertThat(failures).as("failed requests out of " + answered.get()).isEmpty();
            await().atMost(LONG).until(() -> answersFrom(url, 12) == 2); // both containers, re-synchronised
        } finally {
            one.stop();
            two.stop();
        }
    }

    /** How many different containers (pages naming their port) answered {@code n} requests through the router. */
    private static int answersFrom(String url, int n) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(api.fetch(url).strip());
        }
        return seen.size();
    }

    /** GETs the address one request after another until told to stop (or MAX_REQUESTS), noting each failure. */
    private static void loop(String url, AtomicBoolean loading, AtomicInteger answered,
                             ConcurrentLinkedQueue<String> failures) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        while (loading.get() && answered.get() < MAX_REQUESTS) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("version 1.0.0")) {
                    failures.add(response.statusCode() + " " + response.body());
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
            answered.incrementAndGet();
        }
    }

    private static java.util.Optional<ProcessId> routerProcess() {
        return RouterFiles.in(server.data().toAbsolutePath().normalize()).readRunning()
                .map(running -> new ProcessId(running.pid(), running.startTicks())).filter(ProcessId::isAlive);
    }
}
