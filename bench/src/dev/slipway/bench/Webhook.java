package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;
import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Starts a real Slipway server and a real `git daemon` (the upstream, loopback, receive-pack enabled), creates an app
 * that follows the daemon's repository (polling set to 24 h, so only webhooks move it), then N times: commits, pushes
 * to the upstream with the real git client, and delivers GitHub's push webhook (X-Hub-Signature-256 over the body)
 * to /hooks/github. Measures delivery sent → run recorded (seen in the API, polled every 1 ms), the webhook's own
 * answer time, and — from the delivery's record — how long the mirror spent listing the upstream's refs and fetching:
 * the overhead is the first minus the last two. Each run finishes before the next delivery. Then the safety net: an
 * app polled every 5 s and never told, 5 pushes → run recorded (at most the interval plus a look).
 */
public final class Webhook {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "slw_benchadmin000.bench-admin-token-with-enough-entropy-0123456789";
    static final String SECRET = "bench-webhook-secret";
    static final Poll POLL = new Poll(1);
    static final int POLL_SECONDS = 5;
    static final int POLLED_PUSHES = 5;
    private static final Pattern TIMING = Pattern.compile("refs listed in ([0-9.]+) ms, fetched in ([0-9.]+) ms");

    public static void main(String[] args) throws Exception {
        int deliveries = Args.count(args, 0, "deliveries", 30, 2);
        try (Cleanup cleanup = Cleanup.withShutdownHook();
             SlipwayServer server = SlipwayServer.start("slipway-bench", TOKEN)) {
            Api api = new Api(HTTP, server.base(), TOKEN);
            POLL.until(api::healthy, 60_000, "server start");
            Path forge = Files.createDirectories(server.work().resolve("forge"));
            git(forge, "init", "-q", "--bare", "-b", "main", "bench.git");
            int port = SlipwayServer.freePort();
            Process daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
                    "--listen=127.0.0.1", "--port=" + port, "--base-path=" + forge, forge.toString())
                    .redirectErrorStream(true).redirectOutput(server.work().resolve("daemon.log").toFile()).start();
            cleanup.add("git daemon (pid " + daemon.pid() + ")", () -> {
                daemon.destroy();
                daemon.waitFor();
            });
            String url = "git://127.0.0.1:" + port + "/bench.git";
            Path repo = server.work().resolve("repo");
            setUpRepo(repo);
            POLL.until(() -> pushed(repo, url), 30_000, "git daemon start");

            api.post("/api/v1/apps", "{\"name\":\"bench\",\"from\":\"" + url + "\",\"forge\":\"github\","
                    + "\"poll_interval\":\"24h\",\"webhook_secret\":\"" + SECRET + "\",\"report_statuses\":false}");
            POLL.until(() -> latestRun(api).map(r -> finished(r)).orElse(false), 60_000, "the first look's run");

            List<Double> toRun = new ArrayList<>();
            List<Double> answer = new ArrayList<>();
            List<Double> look = new ArrayList<>();
            List<Double> overhead = new ArrayList<>();
            for (int i = 1; i <= deliveries; i++) {
                String before = git(repo, "rev-parse", "HEAD").strip();
                Files.writeString(repo.resolve("change.txt"), "change " + i + "\n");
                git(repo, "add", "change.txt");
                git(repo, "commit", "-qm", "change " + i);
                String after = git(repo, "rev-parse", "HEAD").strip();
                git(repo, "push", "-q", url, "HEAD:refs/heads/main");
                String delivery = UUID.randomUUID().toString();
                byte[] body = payload(url, before, after);
                long start = System.nanoTime();
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/hooks/github"))
                        .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                        .header("X-GitHub-Delivery", delivery).header("X-Hub-Signature-256", "sha256=" + hmac(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                answer.add(ms(start));
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("delivery " + i + " answered " + response.statusCode() + ": "
                            + response.body());
                }
                POLL.until(() -> latestRun(api).map(r -> r.get("commit").asText().equals(after)).orElse(false), 30_000,
                        "the run of " + after);
                double elapsed = ms(start);
                toRun.add(elapsed);
                POLL.until(() -> latestRun(api).map(Webhook::finished).orElse(false), 60_000, "run of delivery " + i);
                Matcher m = TIMING.matcher(detail(api, delivery));
                if (!m.find()) {
                    throw new IllegalStateException("delivery " + delivery + " records no timing: " + detail(api, delivery));
                }
                double spent = Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2));
                look.add(spent);
                overhead.add(elapsed - spent);
            }
            // the safety net: a second app following its own repository, polled every POLL_SECONDS, no webhook at all
            git(forge, "init", "-q", "--bare", "-b", "main", "polled.git");
            String polledUrl = "git://127.0.0.1:" + port + "/polled.git";
            git(repo, "push", "-q", polledUrl, "HEAD:refs/heads/main");
            api.post("/api/v1/apps", "{\"name\":\"polled\",\"from\":\"" + polledUrl + "\",\"poll_interval\":\""
                    + POLL_SECONDS + "s\"}");
            POLL.until(() -> latestRun(api, "polled").map(Webhook::finished).orElse(false), 60_000, "polled first run");
            List<Double> polled = new ArrayList<>();
            for (int i = 1; i <= POLLED_PUSHES; i++) {
                Files.writeString(repo.resolve("change.txt"), "polled " + i + "\n");
                git(repo, "add", "change.txt");
                git(repo, "commit", "-qm", "polled " + i);
                String after = git(repo, "rev-parse", "HEAD").strip();
                long start = System.nanoTime();
                git(repo, "push", "-q", polledUrl, "HEAD:refs/heads/main");
                POLL.until(() -> latestRun(api, "polled").map(r -> r.get("commit").asText().equals(after)).orElse(false),
                        60_000, "the polled run of " + after);
                polled.add(ms(start));
                POLL.until(() -> latestRun(api, "polled").map(Webhook::finished).orElse(false), 60_000, "polled run");
            }

            System.out.printf("webhook → run recorded, %d deliveries (median / p95):%n", deliveries);
            System.out.printf("  delivery sent → run recorded     %7.1f ms / %7.1f ms%n", pct(toRun, 50), pct(toRun, 95));
            System.out.printf("  of which listing refs + fetching  %7.1f ms / %7.1f ms   (the fetch, reported apart)%n",
                    pct(look, 50), pct(look, 95));
            System.out.printf("  the rest (Slipway's own)          %7.1f ms / %7.1f ms   target ≤ 100 ms%n",
                    pct(overhead, 50), pct(overhead, 95));
            System.out.printf("  the webhook's 202 answer          %7.1f ms / %7.1f ms%n", pct(answer, 50), pct(answer, 95));
            System.out.printf("no webhook: push → run recorded by polling every %d s, %d pushes: median %.0f ms, max %.0f ms "
                    + "(target: within the poll interval)%n", POLL_SECONDS, POLLED_PUSHES, pct(polled, 50), pct(polled, 100));
        }
    }

    private static boolean pushed(Path repo, String url) {
        try {
            git(repo, "push", "-q", url, "HEAD:refs/heads/main");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void setUpRepo(Path repo) throws Exception {
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve(".slipway.yml"), "stages:\n  - name: build\n    jobs:\n      one:\n"
                + "        steps: [ { run: \"true\" } ]\n");
        git(repo, "add", ".slipway.yml");
        git(repo, "commit", "-qm", "pipeline");
    }

    private static byte[] payload(String url, String before, String after) {
        ObjectNode p = Api.JSON.createObjectNode();
        p.put("ref", "refs/heads/main").put("before", before).put("after", after);
        ObjectNode repository = p.putObject("repository");
        repository.put("full_name", "bench/bench").put("clone_url", url).put("html_url", url).put("ssh_url", url);
        p.putObject("pusher").put("name", "bench").put("email", "bench@localhost");
        p.putObject("sender").put("login", "bench");
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static java.util.Optional<JsonNode> latestRun(Api api) throws Exception {
        return latestRun(api, "bench");
    }

    private static java.util.Optional<JsonNode> latestRun(Api api, String app) throws Exception {
        JsonNode runs = api.get("/api/v1/apps/" + app + "/runs?limit=1").get("runs");
        return runs.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(runs.get(0));
    }

    private static boolean finished(JsonNode run) {
        return !run.get("state").asText().matches("QUEUED|RUNNING");
    }

    private static String detail(Api api, String delivery) throws Exception {
        for (JsonNode d : api.get("/api/v1/apps/bench/hooks").get("deliveries")) {
            if (delivery.equals(d.path("delivery_id").asText())) {
                return d.path("detail").asText();
            }
        }
        return "(delivery not listed)";
    }
}
