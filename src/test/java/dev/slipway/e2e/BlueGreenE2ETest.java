package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strategy: bluegreen over the real protocol: a new version waits READY in the idle slot (its preview address
 * serves it, the environment's does not), `slipway swap` moves traffic under a steady request loop with no
 * failed or wrong-version request after it returns, a slow request in flight finishes on the old slot, and
 * swapping again goes back to the WARM version at once.
 */
class BlueGreenE2ETest extends E2E {
    private static final String STAGING = "    branches: [ main ]\n";

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

    /** One GET of the loop: when it was sent and what came back ("HTTP n" or the error when not 200). */
    record Answer(long sentNanos, String body) {}

    @Test
    void manualSwapAndSwapBackUnderLoadWithoutAFailedOrStaleRequest() throws Exception {
        GitClient git = blueGreenApp("bluegreen", "    strategy: bluegreen\n    swap: manual\n");
        awaitRun("bluegreen", pushedRun(git.push(server.pushUrl("bluegreen"), "HEAD:refs/heads/main").ok()));
        JsonNode v1 = awaitServing("bluegreen", "staging", "version 1.0.0");
        assertThat(v1.get("live_slot").asText()).as("nothing was live: the first version goes live at once").isEqualTo("blue");
        String url = v1.get("url").asText();

        git.write("VERSION", "2.0.0\n");
        git.commitAll("version 2");
        awaitRun("bluegreen", pushedRun(git.push(server.pushUrl("bluegreen"), "HEAD:refs/heads/main").ok()));
        JsonNode ready = Awaitility.await().atMost(LONG).until(() -> api.environment("bluegreen", "staging"),
                e -> "READY".equals(e.path("idle_state").asText()));
        assertThat(ready.get("idle_slot").asText()).isEqualTo("green");
        assertThat(ready.get("idle_digest").asText()).isNotEqualTo(ready.get("digest").asText());
        assertThat(api.fetch(ready.get("preview_url").asText())).contains("version 2.0.0");
        assertThat(api.fetch(url)).as("READY takes no traffic").contains("version 1.0.0");
        CliRunner.Result status = cli.run("status", "bluegreen");
        assertThat(status.out()).contains("LIVE SLOT").contains("READY").contains(ready.get("preview_url").asText());

        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean stop = new AtomicBoolean();
        List<Answer> answers = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 4000 && !stop.get(); i++) {
                answers.add(new Answer(System.nanoTime(), get(http, url)));
            }
        });
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> get(http, url + "/slow?ms=2000"));
        // 50 requests answered after the slow one was sent: it has reached version 1 by now
        Awaitility.await().atMost(LONG).until(() -> answers.size() >= 50);

        CliRunner.Result swap = cli.run("swap", "bluegreen", "staging");
        long swapped = System.nanoTime();
        assertThat(swap.exit()).as(swap.err()).isZero();
        assertThat(swap.out()).contains("now serves").contains(ready.get("idle_digest").asText().substring(0, 14));
        int afterFirstSwap = answers.size();
        Awaitility.await().atMost(LONG).until(() -> answers.size() >= afterFirstSwap + 100);
        JsonNode afterSwap = api.environment("bluegreen", "staging");
        assertThat(afterSwap.get("live_slot").asText()).isEqualTo("green");
        assertThat(afterSwap.get("idle_state").asText()).as("kept warm").isEqualTo("WARM");
        assertThat(afterSwap.get("idle_digest").asText()).isEqualTo(v1.get("digest").asText());
        assertThat(slow.get()).as("the slow request in flight finished on the old slot").contains("version 1.0.0");

        long swappingBack = System.nanoTime(); // requests sent from here on may get either version until it returns
        CliRunner.Result back = cli.run("swap", "bluegreen", "staging");
        long swappedBack = System.nanoTime();
        assertThat(back.exit()).as(back.err()).isZero();
        int afterSwapBack = answers.size();
        Awaitility.await().atMost(LONG).until(() -> answers.size() >= afterSwapBack + 100);
        stop.set(true);
        loop.get();

        assertThat(answers).as("every request answered").allSatisfy(a -> assertThat(a.body()).contains("version"));
        List<Answer> between = answers.stream().filter(a -> a.sentNanos() > swapped && a.sentNanos() < swappingBack).toList();
        List<Answer> after = answers.stream().filter(a -> a.sentNanos() > swappedBack).toList();
        assertThat(between).isNotEmpty().allSatisfy(a -> assertThat(a.body()).contains("version 2.0.0"));
        assertThat(after).isNotEmpty().allSatisfy(a -> assertThat(a.body()).contains("version 1.0.0"));
        JsonNode end = api.environment("bluegreen", "staging");
        assertThat(end.get("live_slot").asText()).isEqualTo("blue");
        assertThat(end.get("idle_state").asText()).isEqualTo("WARM");
        assertThat(api.get("/api/v1/audit?app=bluegreen").toString()).contains("deployment.swapped");
    }

    @Test
    void autoSwapGoesLiveAfterHealthAndStopsThePreviousAfterKeepWarm() throws Exception {
        GitClient git = blueGreenApp("autoswap", "    strategy: bluegreen\n    swap: auto\n    keep_warm: 2s\n");
        awaitRun("autoswap", pushedRun(git.push(server.pushUrl("autoswap"), "HEAD:refs/heads/main").ok()));
        JsonNode v1 = awaitServing("autoswap", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("version 2");
        awaitRun("autoswap", pushedRun(git.push(server.pushUrl("autoswap"), "HEAD:refs/heads/main").ok()));
        JsonNode v2 = awaitServing("autoswap", "staging", "version 2.0.0");
        assertThat(v2.get("live_slot").asText()).isEqualTo("green");
        Awaitility.await().atMost(LONG).until(() -> api.environment("autoswap", "staging"),
                e -> e.path("idle_state").isMissingNode() || e.path("idle_state").isNull());
        JsonNode first = api.get("/api/v1/apps/autoswap/environments/staging/deployments").get("deployments").get(1);
        assertThat(first.get("state").asText()).isEqualTo("RETIRED");
        assertThat(first.get("digest").asText()).isEqualTo(v1.get("digest").asText());
        CliRunner.Result nothing = cli.run("swap", "autoswap", "staging");
        assertThat(nothing.exit()).isNotZero();
        assertThat(nothing.err()).contains("no READY or WARM deployment");
    }

    @Test
    void aRollbackSwapsBackToTheWarmVersionOrStartsTheOldOneInTheIdleSlotAndSwaps() throws Exception {
        GitClient git = blueGreenApp("bgback", "    strategy: bluegreen\n    swap: auto\n    keep_warm: 10m\n");
        String remote = server.pushUrl("bgback");
        awaitRun("bgback", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
        JsonNode v1 = awaitServing("bgback", "staging", "version 1.0.0");
        for (String version : List.of("2.0.0", "3.0.0")) {
            git.write("VERSION", version + "\n");
            git.commitAll(version);
            awaitRun("bgback", pushedRun(git.push(remote, "HEAD:refs/heads/main").ok()));
            awaitServing("bgback", "staging", "version " + version);
        }
        JsonNode history = api.get("/api/v1/apps/bgback/environments/staging/deployments").get("deployments");
        assertThat(history).hasSize(3);
        long v2 = history.get(1).get("id").asLong();

        // v2 still runs WARM in the idle slot: the rollback is a swap back, done when the command returns
        CliRunner.Result back = cli.run("rollback", "bgback", "staging");
        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.out()).contains("deployment #" + v2 + " LIVE");
        JsonNode now = api.environment("bgback", "staging");
        assertThat(api.fetch(now.get("url").asText())).contains("version 2.0.0");
        assertThat(now.get("idle_state").asText()).isEqualTo("WARM");
        assertThat(api.get("/api/v1/apps/bgback/environments/staging/deployments").get("deployments"))
                .as("nothing was started").hasSize(3);

        // v1 runs nowhere any more: it starts in the idle slot (where v3 waits WARM) and takes over once healthy
        CliRunner.Result older = cli.run("rollback", "bgback", "staging", "--to", "1");
        assertThat(older.exit()).as(older.err()).isZero();
        JsonNode restored = awaitServing("bgback", "staging", "version 1.0.0");
        assertThat(restored.get("digest").asText()).isEqualTo(v1.get("digest").asText());
        assertThat(restored.get("live_slot").asText()).isNotEqualTo(now.get("live_slot").asText());
        JsonNode latest = api.get("/api/v1/apps/bgback/environments/staging/deployments").get("deployments").get(0);
        assertThat(latest.get("trigger").asText()).isEqualTo("ROLLBACK");
        assertThat(latest.get("slot").asText()).isEqualTo(restored.get("live_slot").asText());
        Awaitility.await().atMost(LONG).until(() -> api.environment("bgback", "staging"),
                e -> "WARM".equals(e.path("idle_state").asText()));
    }

    @Test
    void afterACrashAReadyAndAWarmDeploymentAreBothAdopted() throws Exception {
        GitClient git = blueGreenApp("phoenixbg", "    strategy: bluegreen\n");
        awaitRun("phoenixbg", pushedRun(git.push(server.pushUrl("phoenixbg"), "HEAD:refs/heads/main").ok()));
        awaitServing("phoenixbg", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("version 2");
        awaitRun("phoenixbg", pushedRun(git.push(server.pushUrl("phoenixbg"), "HEAD:refs/heads/main").ok()));
        JsonNode ready = Awaitility.await().atMost(LONG).until(() -> api.environment("phoenixbg", "staging"),
                e -> "READY".equals(e.path("idle_state").asText()));

        server.crash();
        server.launch();
        JsonNode back = awaitServing("phoenixbg", "staging", "version 1.0.0");
        assertThat(back.get("idle_state").asText()).as("adopted: its process survived").isEqualTo("READY");
        assertThat(back.get("preview_url").asText()).isEqualTo(ready.get("preview_url").asText());
        assertThat(api.fetch(back.get("preview_url").asText())).contains("version 2.0.0");

        assertThat(cli.run("swap", "phoenixbg", "staging").exit()).isZero();
        JsonNode swapped = awaitServing("phoenixbg", "staging", "version 2.0.0");
        assertThat(swapped.get("idle_state").asText()).isEqualTo("WARM");
        String warm = swapped.get("preview_url").asText();
        assertThat(api.fetch(warm)).contains("version 1.0.0");

        server.crash();
        server.launch();
        JsonNode after = awaitServing("phoenixbg", "staging", "version 2.0.0");
        assertThat(after.path("idle_state").asText()).as("adopted until its keep_warm ends").isEqualTo("WARM");
        assertThat(after.get("preview_url").asText()).isEqualTo(warm);
        assertThat(api.fetch(warm)).contains("version 1.0.0");
        assertThat(cli.run("swap", "phoenixbg", "staging").exit()).as("an instant swap back").isZero();
        awaitServing("phoenixbg", "staging", "version 1.0.0");
    }

    @Test
    void swappingAProtectedEnvironmentNeedsTheReleaserRole() throws Exception {
        GitClient git = blueGreenApp("guardedbg", "    strategy: bluegreen\n    protected: true\n");
        awaitRun("guardedbg", pushedRun(git.push(server.pushUrl("guardedbg"), "HEAD:refs/heads/main").ok()));
        awaitServing("guardedbg", "staging", "version 1.0.0");
        git.write("VERSION", "2.0.0\n");
        git.commitAll("version 2");
        awaitRun("guardedbg", pushedRun(git.push(server.pushUrl("guardedbg"), "HEAD:refs/heads/main").ok()));
        Awaitility.await().atMost(LONG).until(() -> api.environment("guardedbg", "staging"),
                e -> "READY".equals(e.path("idle_state").asText()));

        assertThat(cli.run("user", "create", "dee").exit()).isZero();
        assertThat(cli.run("grant", "dee", "deployer", "--app", "guardedbg").exit()).isZero();
        CliRunner.Result token = cli.run("token", "create", "--user", "dee");
        assertThat(token.exit()).as(token.err()).isZero();
        String dee = token.out().lines().findFirst().orElseThrow().trim();
        CliRunner.Result refused = cli.as(dee).run("swap", "guardedbg", "staging");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("protected environment staging").contains("releaser");
        assertThat(api.fetch(api.environment("guardedbg", "staging").get("url").asText())).contains("version 1.0.0");

        assertThat(cli.run("grant", "dee", "releaser", "--app", "guardedbg").exit()).isZero();
        CliRunner.Result swapped = cli.as(dee).run("swap", "guardedbg", "staging");
        assertThat(swapped.exit()).as(swapped.err()).isZero();
        assertThat(api.fetch(api.environment("guardedbg", "staging").get("url").asText())).contains("version 2.0.0");
    }

    private static GitClient blueGreenApp(String name, String rollout) throws Exception {
        createApp(name);
        GitClient git = exampleRepo(tmp.resolve(name));
        String yml = Files.readString(git.dir().resolve(".slipway.yml"));
        assertThat(yml).contains(STAGING);
        git.write(".slipway.yml", yml.replace(STAGING, STAGING + rollout));
        git.commitAll("staging is blue/green");
        return git;
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
