import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real Slipway server (target/slipway.jar) on a free loopback port with a fresh data dir, then:
 * (1) pushes N commits to main one after another — 3 stages whose steps are `true`, plus a tiny Java service that
 *     staging runs — and measures push → run finished and push → staging serving the new commit;
 * (2) pushes B new branches (each its own commit, so B real runs) in one `git push`, and measures runs per second;
 * (3) reads the server's RSS idle (after start) and after all of it.
 * Every loop is bounded; the server and its services are stopped at the end.
 */
public final class PushToLive {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "slw_benchadmin000.bench-admin-token-with-enough-entropy-0123456789";

    public static void main(String[] args) throws Exception {
        int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int branches = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path work = Files.createTempDirectory("slipway-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/slipway.jar", "server", "--data",
                work.resolve("data").toString(), "--port", Integer.toString(port));
        builder.environment().put("SLIPWAY_ADMIN_TOKEN", TOKEN);
        String remote = "http://admin:" + TOKEN + "@127.0.0.1:" + port + "/git/bench.git";
        Process server = builder.redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        try {
            waitUntil(() -> status(base + "/healthz") == 200, 60_000, "server start");
            Thread.sleep(2000); // let start-up work settle before reading the idle footprint
            long idleRss = rssKb(server.pid());
            post(base + "/api/v1/apps", "{\"name\":\"bench\"}");
            Path repo = work.resolve("repo");
            setUpRepo(repo);

            List<Double> toFinished = new ArrayList<>();
            List<Double> toLive = new ArrayList<>();
            List<Double> gitPush = new ArrayList<>();
            for (int i = 1; i <= pushes; i++) {
                Files.writeString(repo.resolve("dist/VERSION"), "v" + i + "\n");
                git(repo, "commit", "-qam", "change " + i);
                long start = System.nanoTime();
                String out = git(repo, "push", remote, "HEAD:refs/heads/main");
                gitPush.add(ms(start));
                long run = runNumber(out);
                waitUntil(() -> finished(base, run), 60_000, "run " + run);
                toFinished.add(ms(start));
                String want = "v" + i;
                waitUntil(() -> serving(base, "staging", want), 60_000, "staging " + want);
                toLive.add(ms(start));
                String state = get(base + "/api/v1/apps/bench/runs/" + run).get("state").asText();
                if (!state.equals("SUCCEEDED")) {
                    throw new IllegalStateException("run " + run + " ended " + state);
                }
            }

            List<String> refspecs = new ArrayList<>();
            for (int b = 1; b <= branches; b++) {
                git(repo, "checkout", "-q", "-B", "burst/" + b, "main");
                Files.writeString(repo.resolve("burst.txt"), "branch " + b + "\n");
                git(repo, "add", "burst.txt");
                git(repo, "commit", "-qm", "burst " + b);
                refspecs.add("burst/" + b + ":refs/heads/burst/" + b);
            }
            long firstBurstRun = latestRun(base) + 1;
            List<String> push = new ArrayList<>(List.of("push", remote));
            push.addAll(refspecs);
            long burstStart = System.nanoTime();
            git(repo, push.toArray(String[]::new));
            long lastBurstRun = firstBurstRun + branches - 1;
            waitUntil(() -> {
                for (long r = firstBurstRun; r <= lastBurstRun; r++) {
                    if (!finished(base, r)) {
                        return false;
                    }
                }
                return true;
            }, 300_000, "burst");
            double burstMs = ms(burstStart);
            int succeeded = 0;
            for (long r = firstBurstRun; r <= lastBurstRun; r++) {
                succeeded += get(base + "/api/v1/apps/bench/runs/" + r).get("state").asText().equals("SUCCEEDED") ? 1 : 0;
            }
            long afterRss = rssKb(server.pid());

            System.out.printf("push-to-live on %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            System.out.printf("sequential pushes to main: %d (3 stages of `true`, artifact, deploy to staging)%n", pushes);
            System.out.printf("  git push itself          median %6.1f ms   p95 %6.1f ms%n", pct(gitPush, 50), pct(gitPush, 95));
            System.out.printf("  (a) push -> run finished median %6.1f ms   p95 %6.1f ms%n", pct(toFinished, 50), pct(toFinished, 95));
            System.out.printf("  (b) push -> staging live median %6.1f ms   p95 %6.1f ms%n", pct(toLive, 50), pct(toLive, 95));
            System.out.printf("burst: %d new branches in one push -> %d runs, %d succeeded%n", branches, branches, succeeded);
            System.out.printf("  (c) all finished in %.0f ms = %.1f runs/s%n", burstMs, branches * 1000.0 / burstMs);
            System.out.printf("  (d) server RSS idle %d MB, after %d MB%n", idleRss / 1024, afterRss / 1024);
        } finally {
            List<ProcessHandle> children = server.descendants().toList();
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    static void setUpRepo(Path repo) throws Exception {
        Files.createDirectories(repo.resolve("dist"));
        Files.writeString(repo.resolve(".slipway.yml"), """
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ "true" ], artifact: [ "dist/" ] }
                  - name: test
                    jobs:
                      unit: { steps: [ "true" ] }
                  - name: check
                    jobs:
                      lint: { steps: [ "true" ] }
                service:
                  command: "java -Xshare:auto -XX:TieredStopAtLevel=1 -cp dist Hello"
                  health: /healthz
                environments:
                  - name: staging
                    branches: [ main ]
                """);
        Path source = Path.of("examples/hello/src/Hello.java").toAbsolutePath();
        Process javac = new ProcessBuilder("javac", "-d", repo.resolve("dist").toString(), source.toString()).inheritIO().start();
        if (javac.waitFor() != 0) {
            throw new IllegalStateException("javac failed");
        }
        Files.writeString(repo.resolve("dist/VERSION"), "v0\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "bench app");
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    static long runNumber(String pushOutput) {
        var m = java.util.regex.Pattern.compile("run #(\\d+)").matcher(pushOutput);
        if (!m.find()) {
            throw new IllegalStateException("no run in push output:\n" + pushOutput);
        }
        return Long.parseLong(m.group(1));
    }

    static long latestRun(String base) throws Exception {
        JsonNode runs = get(base + "/api/v1/apps/bench/runs?limit=1").get("runs");
        return runs.isEmpty() ? 0 : runs.get(0).get("number").asLong();
    }

    static boolean finished(String base, long run) throws Exception {
        HttpResponse<String> r = HTTP.send(api(base + "/api/v1/apps/bench/runs/" + run).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && !JSON.readTree(r.body()).get("state").asText().matches("QUEUED|RUNNING");
    }

    static boolean serving(String base, String env, String version) throws Exception {
        for (JsonNode e : get(base + "/api/v1/apps/bench/status").get("environments")) {
            if (e.get("name").asText().equals(env) && e.hasNonNull("url")) {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(e.get("url").asText())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().contains("version " + version);
                } catch (IOException notYet) {
                    return false;
                }
            }
        }
        return false;
    }

    static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(api(url).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static HttpRequest.Builder api(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void post(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(api(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " -> " + r.statusCode() + " " + r.body());
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check check, long timeoutMs, String what) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
