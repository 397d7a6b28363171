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
 * A real server with the example app (examples/hello): two commits built and live in staging once each, then
 * `rounds` promotions to production alternating between them (timed from the approval — the last gate — to
 * production serving the new version) and as many rollbacks (timed from the request to production serving the
 * previous version). For scale it times the example service's own start-up: start → /healthz answers 200.
 * Everything over the API (a CLI call adds its own JVM start, ~0.3 s, on top).
 */
public final class Promote {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN = "slw_benchpromote0.bench-admin-token-with-enough-entropy-0123456789";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("slipway-bench-promote");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/slipway.jar", "server", "--data",
                work.resolve("data").toString(), "--port", Integer.toString(port));
        builder.environment().put("SLIPWAY_ADMIN_TOKEN", ADMIN);
        Process server = builder.redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        try {
            waitUntil(() -> status(base + "/healthz") == 200, 60_000, "server start");
            post(base, "/api/v1/apps", "{\"name\":\"hello\"}", ADMIN);
            post(base, "/api/v1/users", "{\"name\":\"approver\"}", ADMIN);
            post(base, "/api/v1/grants", "{\"user\":\"approver\",\"role\":\"releaser\",\"app\":\"hello\"}", ADMIN);
            String approver = post(base, "/api/v1/tokens", "{\"user\":\"approver\"}", ADMIN).get("token").asText();

            Path repo = work.resolve("repo");
            copy(Path.of("examples/hello"), repo);
            git(repo, "init", "-q", "-b", "main");
            git(repo, "add", "-A");
            git(repo, "commit", "-qm", "v1");
            String remote = "http://admin:" + ADMIN + "@127.0.0.1:" + port + "/git/hello.git";
            List<String> commits = new ArrayList<>();
            for (String version : List.of("1.0.0", "2.0.0")) {
                Files.writeString(repo.resolve("VERSION"), version + "\n");
                git(repo, "commit", "-q", "--allow-empty", "-am", version);
                git(repo, "push", "-f", remote, "HEAD:refs/heads/main");
                commits.add(git(repo, "rev-parse", "HEAD").trim());
                waitUntil(() -> serving(base, "staging", version), 120_000, "staging " + version);
            }

            List<Double> promote = new ArrayList<>();
            List<Double> rollback = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String version = i % 2 == 0 ? "1.0.0" : "2.0.0";
                String commit = commits.get(i % 2);
                JsonNode p = post(base, "/api/v1/apps/hello/promotions",
                        "{\"environment\":\"production\",\"commit\":\"" + commit + "\"}", ADMIN);
                long start = System.nanoTime();
                post(base, "/api/v1/apps/hello/promotions/" + p.get("id").asLong() + "/approve", "", approver);
                waitUntil(() -> serving(base, "production", version), 60_000, "production " + version);
                promote.add(ms(start));
                if (i > 0) {
                    String previous = i % 2 == 0 ? "2.0.0" : "1.0.0";
                    long back = System.nanoTime();
                    post(base, "/api/v1/apps/hello/environments/production/rollback", "{}", ADMIN);
                    waitUntil(() -> serving(base, "production", previous), 60_000, "rollback to " + previous);
                    rollback.add(ms(back));
                    // forward again so the next round promotes from a known state
                    post(base, "/api/v1/apps/hello/environments/production/rollback", "{}", ADMIN);
                    waitUntil(() -> serving(base, "production", version), 60_000, "forward to " + version);
                }
            }
            List<Double> startup = appStartup(repo, rounds);

            System.out.printf("promote on %d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.arch"));
            System.out.printf("  example app start-up (start -> /healthz 200)   median %6.0f ms   p95 %6.0f ms   (%d runs)%n",
                    pct(startup, 50), pct(startup, 95), startup.size());
            System.out.printf("  approval -> production serving the new version median %6.0f ms   p95 %6.0f ms   (%d promotions)%n",
                    pct(promote, 50), pct(promote, 95), promote.size());
            System.out.printf("  rollback request -> previous version serving  median %6.0f ms   p95 %6.0f ms   (%d rollbacks)%n",
                    pct(rollback, 50), pct(rollback, 95), rollback.size());
            System.out.printf("  overhead over the app's start-up: promote %.0f ms (%.2fx), rollback %.0f ms (%.2fx)%n",
                    pct(promote, 50) - pct(startup, 50), pct(promote, 50) / pct(startup, 50),
                    pct(rollback, 50) - pct(startup, 50), pct(rollback, 50) / pct(startup, 50));
        } finally {
            List<ProcessHandle> children = server.descendants().toList();
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The example service started by hand the way the deploy target starts it, timed to its first healthy answer. */
    static List<Double> appStartup(Path repo, int rounds) throws Exception {
        Path dist = repo.resolve("dist");
        Files.createDirectories(dist);
        run(repo, "javac", "-d", dist.toString(), repo.resolve("src/Hello.java").toString());
        Files.copy(repo.resolve("VERSION"), dist.resolve("VERSION"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder("java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", "dist", "Hello")
                    .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PORT", Integer.toString(port));
            long start = System.nanoTime();
            Process p = pb.start();
            try {
                waitUntil(() -> status("http://127.0.0.1:" + port + "/healthz") == 200, 30_000, "app start");
                times.add(ms(start));
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
        return times;
    }

    /** Environments' addresses: the router's port of an environment stays the same across its deployments. */
    static final java.util.Map<String, String> URLS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Whether the environment's address answers with {@code version}: what a user (or a monitor) sees. Its address
     * is asked of Slipway once; from then on only the address is polled, so the probe costs the server no more than
     * the bare start-up's probe costs the app.
     */
    static boolean serving(String base, String env, String version) throws Exception {
        String url = URLS.get(env);
        if (url == null) {
            for (JsonNode e : get(base + "/api/v1/apps/hello/status").get("environments")) {
                if (e.get("name").asText().equals(env) && e.hasNonNull("url")) {
                    url = e.get("url").asText();
                    URLS.put(env, url);
                }
            }
            if (url == null) {
                return false;
            }
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("version " + version);
        } catch (IOException notYet) {
            return false;
        }
    }

    static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN)
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode post(String base, String path, String body, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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
