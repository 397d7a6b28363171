package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestDocker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments on several real Docker engines (three dockerd of the test's own, each a "host", one reached over
 * tcp:// with TLS client certificates), as an admin sets them
 * up with the real CLI and a team pushes with real git: a release runs on every bound engine and the router answers
 * from all of them; an engine labelled later gets the release by itself; a tag moves the image's release and env-
 * tags; a container removed by hand comes back; a swap under load loses nothing; an engine that is down is reported
 * and catches up; kill -9 of the server mid-rollout leaves no orphan. The tests run in order, one story.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetE2ETest extends E2E {
    static final String APP = "web";
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  package:
                    steps: [ { run: "./build.sh" } ]
                    image:
                      base: scratch
                      files: [ { from: "rootfs/", to: "/" } ]
                      cmd: [ "/bin/busybox", "sh", "-c", "sleep $(cat /www/delay); mkdir -p /tmp/www && echo \\"$(cat /www/index.html) on $PORT\\" > /tmp/www/index.html && exec /bin/busybox httpd -f -p $PORT -h /tmp/www" ]
            environments:
              - name: staging
                branches: [ main ]
                rollout: parallel
                converge_interval: 1s
              - name: production
                tags: [ "v*" ]
                from: staging
                strategy: bluegreen
                swap: auto
                keep_warm: 10m
                rollout: one_by_one
                converge_interval: 1s
            """;
    static final String BUILD = """
            #!/bin/sh
            set -e
            mkdir -p rootfs/bin rootfs/www rootfs/tmp
            cp /bin/busybox rootfs/bin/busybox
            ln -sf busybox rootfs/bin/sh
            ln -sf busybox rootfs/bin/sleep
            ln -sf busybox rootfs/bin/cat
            ln -sf busybox rootfs/bin/mkdir
            cp index.html rootfs/www/index.html
            cp delay rootfs/www/delay
            """;

    @TempDir
    static Path tmp;
    static TestDocker a;
    static TestDocker b;
    static TestDocker c;
    static GitClient git;
    static String firstDigest;

    @BeforeAll
    static void threeEnginesAndAServer() throws Exception {
        a = TestDocker.startAnother();
        b = TestDocker.startAnother();
        c = TestDocker.startTls(); // reached over tcp:// with TLS client certificates
        startServer(tmp.resolve("data"));
        createApp(APP);
        for (TestDocker engine : List.of(a, b)) {
            String name = engine == a ? "a" : "b";
            CliRunner.Result added = cli.run("target", "add", name, "--docker", engine.host(), "--label", "site=ka");
            assertThat(added.exit()).as(added.err()).isZero();
        }
        for (String env : List.of("staging", "production")) {
            CliRunner.Result bound = cli.run("target", "bind", "--label", "site=ka", "--app", APP, "--env", env);
            assertThat(bound.exit()).as(bound.err()).isZero();
        }
        git = GitClient.init(tmp.resolve("repo"));
        git.write(".slipway.yml", PIPELINE);
        git.write("build.sh", BUILD);
        Files.setPosixFilePermissions(tmp.resolve("repo/build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        stopServer();
        for (TestDocker engine : new TestDocker[] {a, b, c}) {
            if (engine != null) {
                engine.stop();
            }
        }
    }

    /** Commits a release whose page says {@code page}, its service taking {@code delay} seconds to start. */
    static String release(String page, int delay) throws Exception {
        git.write("index.html", page + "\n");
        git.write("delay", delay + "\n");
        git.commitAll(page);
        long number = pushedRun(git.push(server.pushUrl(APP), "HEAD:refs/heads/main").ok());
        JsonNode run = awaitRun(APP, number);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run.get("artifact").asText();
    }

    /** The digests the engine's running containers of the environment carry in their labels. */
    static List<String> running(TestDocker engine, String env) {
        return running(engine, env, APP);
    }

    static List<String> running(TestDocker engine, String env, String app) {
        String out = engine.docker("ps", "--filter", "label=dev.slipway.app=" + app, "--filter",
                "label=dev.slipway.environment=" + env, "--format", "{{.Label \"dev.slipway.digest\"}}").ok().out();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Every container (running or not) of the app on the engine, with its deployment label. */
    static List<String> deploymentsOn(TestDocker engine, String env) {
        String out = engine.docker("ps", "-a", "--filter", "label=dev.slipway.app=" + APP, "--filter",
                "label=dev.slipway.environment=" + env, "--format", "{{.Label \"dev.slipway.deployment\"}}").ok().out();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    static void awaitRunning(TestDocker engine, String env, String digest) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> running(engine, env), r -> r.contains(digest));
    }

    static String url(String env) throws Exception {
        return api.environment(APP, env).get("url").asText();
    }

    /** What {@code n} requests through the environment's router answered. */
    static Set<String> answers(String env, int n) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(api.fetch(url(env)).strip());
        }
        return seen;
    }

    static List<JsonNode> audit(String action) throws Exception {
        JsonNode entries = api.get("/api/v1/audit?app=" + APP + "&limit=500").get("entries");
        return StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> e.get("action").asText().equals(action)).toList();
    }

    @Test
    @Order(1)
    void aReleaseRunsOnEveryBoundEngineAndTheRouterAnswersFromAll() throws Exception {
        firstDigest = release("one", 0);
        awaitRunning(a, "staging", firstDigest);
        awaitRunning(b, "staging", firstDigest);
        awaitServing(APP, "staging", "one on ");
        Set<String> seen = await().atMost(LONG).until(() -> answers("staging", 12), s -> s.size() == 2);
        assertThat(seen).allMatch(s -> s.startsWith("one on "));
        assertThat(running(c, "staging")).isEmpty(); // not registered yet
    }

    @Test
    @Order(2)
    void anEngineLabelledLaterGetsTheReleaseByItself() throws Exception {
        Path client = c.tls().client();
        CliRunner.Result added = cli.run("target", "add", "c", "--docker", c.tls().host(),
                "--tls-ca", client.resolve("ca.pem").toString(), "--tls-cert", client.resolve("cert.pem").toString(),
                "--tls-key", client.resolve("key.pem").toString());
        assertThat(added.exit()).as(added.err()).isZero();
        CliRunner.Result labelled = cli.run("target", "label", "add", "c", "site=ka");
        assertThat(labelled.exit()).as(labelled.err()).isZero();
        awaitRunning(c, "staging", firstDigest); // nothing pushed, nothing promoted
        await().atMost(LONG).until(() -> audit("target.converged"), l -> l.stream()
                .anyMatch(e -> e.get("subject").asText().contains("target c of staging")));
        await().atMost(LONG).until(() -> answers("staging", 18), s -> s.size() == 3);
        // the environment page shows each target: what it runs, its health, in sync
        String page = ImageE2ETest.uiPage("/ui/apps/" + APP + "/environments/staging");
        assertThat(page).contains("<h2>Targets</h2>").containsPattern("<td>c</td><td><code>sha256:[0-9a-f]{12}</code>")
                .contains("<td>healthy</td><td>in sync</td>");
    }

    @Test
    @Order(3)
    void aTagPromotesTheDigestStagingRanToEveryEngineAndMovesItsTags() throws Exception {
        git.run("tag", "v1.0.0");
        git.push(server.pushUrl(APP), "refs/tags/v1.0.0").ok();
        for (TestDocker engine : List.of(a, b, c)) {
            awaitRunning(engine, "production", firstDigest);
        }
        awaitServing(APP, "production", "one on ");
        // the registry's release and environment tags name the digest staging ran; nothing was rebuilt
        for (String tag : List.of("v1.0.0", "env-production")) {
            await().atMost(LONG).until(() -> manifestDigest(tag), d -> firstDigest.equals(d));
        }
        assertThat(api.get("/api/v1/apps/" + APP + "/runs").get("runs")).hasSize(1);
    }

    @Test
    @Order(4)
    void aContainerRemovedByHandIsPutBackAndAudited() throws Exception {
        String container = b.docker("ps", "-q", "--filter", "label=dev.slipway.app=" + APP, "--filter",
                "label=dev.slipway.environment=production").ok().out().strip();
        assertThat(container).isNotEmpty();
        b.docker("rm", "-f", container).ok();
        await().atMost(LONG).until(() -> audit("target.drift_corrected"), l -> l.stream()
                .anyMatch(e -> e.get("subject").asText().contains("target b of production")));
        awaitRunning(b, "production", firstDigest);
        String back = b.docker("ps", "-q", "--filter", "label=dev.slipway.app=" + APP, "--filter",
                "label=dev.slipway.environment=production").ok().out().strip();
        assertThat(back).isNotEmpty().isNotEqualTo(container);
    }

    @Test
    @Order(5)
    void aBlueGreenSwapAcrossEnginesUnderLoadLosesNoRequest() throws Exception {
        String second = release("two", 0);
        for (TestDocker engine : List.of(a, b, c)) {
            awaitRunning(engine, "staging", second);
        }
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger failed = new AtomicInteger();
        java.util.Queue<String> bodies = new java.util.concurrent.ConcurrentLinkedQueue<>(); // read while written
        String production = url("production");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Thread load = new Thread(() -> {
            while (loading.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(production))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        failed.incrementAndGet();
                    }
                    bodies.add(r.body().strip());
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        load.start();
        try {
            git.run("tag", "v2.0.0");
            git.push(server.pushUrl(APP), "refs/tags/v2.0.0").ok();
            await().atMost(LONG).until(() -> bodies.stream().anyMatch(s -> s.startsWith("two on ")));
        } finally {
            loading.set(false);
            load.join();
        }
        assertThat(failed.get()).as("failed requests during the swap, of " + bodies.size()).isZero();
        assertThat(bodies).anyMatch(s -> s.startsWith("one on "));
    }

    @Test
    @Order(6)
    void anEngineDownIsReportedAndCatchesUpWhenItReturns() throws Exception {
        b.halt();
        try {
            // staging is parallel: the others finish, the deployment is LIVE
            String third = release("three", 0);
            awaitRunning(a, "staging", third);
            awaitRunning(c, "staging", third);
            awaitServing(APP, "staging", "three on ");
            JsonNode status = await().atMost(LONG).until(() -> targetStatus("staging", "b"),
                    t -> t != null && t.get("sync").asText().equals("UNREACHABLE"));
            assertThat(status.get("since").asText()).isNotEmpty();
            // production is one_by_one: the rollout stops at b, the environment keeps its release
            String productionBefore = api.environment(APP, "production").get("digest").asText();
            git.run("tag", "v3.0.0");
            git.push(server.pushUrl(APP), "refs/tags/v3.0.0").ok();
            await().atMost(LONG).until(() -> api.get("/api/v1/apps/" + APP
                    + "/environments/production/deployments").get("deployments").get(0),
                    d -> d.get("state").asText().equals("FAILED") && d.get("digest").asText().equals(third));
            assertThat(api.environment(APP, "production").get("digest").asText()).isEqualTo(productionBefore);
            // the live release runs on (beside the WARM one blue/green keeps); the failed one is gone
            assertThat(running(a, "production")).contains(productionBefore).doesNotContain(third);
            assertThat(running(c, "production")).contains(productionBefore).doesNotContain(third);
        } finally {
            b.resume();
        }
        String stagingNow = api.environment(APP, "staging").get("digest").asText();
        awaitRunning(b, "staging", stagingNow);
        awaitRunning(b, "production", api.environment(APP, "production").get("digest").asText());
        await().atMost(LONG).until(() -> targetStatus("staging", "b"),
                t -> t != null && t.get("sync").asText().equals("IN_SYNC"));
    }

    @Test
    @Order(7)
    void killMinus9MidRolloutLeavesNoOrphanAfterTheRestart() throws Exception {
        String before = api.environment(APP, "staging").get("digest").asText();
        git.write("index.html", "four\n");
        git.write("delay", "4\n"); // each container takes 4 s to answer: the server dies while they start
        git.commitAll("four");
        long number = pushedRun(git.push(server.pushUrl(APP), "HEAD:refs/heads/main").ok());
        String fourth = awaitRun(APP, number).get("artifact").asText();
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> List.of(a, b, c).stream()
                .anyMatch(e -> e.docker("ps", "-a", "--filter", "label=dev.slipway.digest=" + fourth, "-q").ok()
                        .out().strip().length() > 0));
        server.crash();
        server.restart();
        // the interrupted deployment is ERRORED, its containers removed; every engine runs the same release
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            String live = api.environment(APP, "staging").get("digest").asText();
            return List.of(a, b, c).stream().allMatch(e -> running(e, "staging").equals(List.of(live)));
        });
        String live = api.environment(APP, "staging").get("digest").asText();
        assertThat(live).isIn(before, fourth);
        long liveDeployment = api.environment(APP, "staging").get("deployment").asLong();
        for (TestDocker engine : List.of(a, b, c)) {
            assertThat(deploymentsOn(engine, "staging")).containsOnly(Long.toString(liveDeployment));
        }
    }

    static JsonNode targetStatus(String env, String target) throws Exception {
        JsonNode targets = api.environment(APP, env).get("targets");
        if (targets == null) {
            return null;
        }
        for (JsonNode t : targets) {
            if (t.get("target").asText().equals(target)) {
                return t;
            }
        }
        return null;
    }

    /** The digest Slipway's registry gives for {@code APP:tag} (a HEAD of the manifest), or null. */
    static String manifestDigest(String tag) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/v2/"
                        + APP + "/manifests/" + tag)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("admin:" + ServerProcess.ADMIN_TOKEN).getBytes()))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
