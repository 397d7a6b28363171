package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;
import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server with the example app (examples/hello): two commits built and live in staging once each, then
 * `rounds` promotions to production alternating between them (timed from the approval — the last gate — to
 * production serving the new version) and as many rollbacks (timed from the request to production serving the
 * previous version). For scale it times the example service's own start-up: start → /healthz answers 200.
 * Everything over the API (a CLI call adds its own JVM start, ~0.3 s, on top).
 */
public final class Promote {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ADMIN = "slw_benchpromote0.bench-admin-token-with-enough-entropy-0123456789";
    static final Poll POLL = new Poll(2);

    public static void main(String[] args) throws Exception {
        int rounds = Args.count(args, 0, "rounds", 10, 2);
        try (SlipwayServer server = SlipwayServer.start("slipway-bench-promote", ADMIN)) {
            Api api = new Api(HTTP, server.base(), ADMIN);
            POLL.until(api::healthy, 60_000, "server start");
            api.post("/api/v1/apps", "{\"name\":\"hello\"}");
            api.post("/api/v1/users", "{\"name\":\"approver\"}");
            api.post("/api/v1/grants", "{\"user\":\"approver\",\"role\":\"releaser\",\"app\":\"hello\"}");
            String approver = api.post("/api/v1/tokens", "{\"user\":\"approver\"}").get("token").asText();

            Path repo = server.work().resolve("repo");
            Dirs.copy(Path.of("examples/hello"), repo);
            git(repo, "init", "-q", "-b", "main");
            git(repo, "add", "-A");
            git(repo, "commit", "-qm", "v1");
            String remote = server.gitRemote("hello");
            List<String> commits = new ArrayList<>();
            for (String version : List.of("1.0.0", "2.0.0")) {
                Files.writeString(repo.resolve("VERSION"), version + "\n");
                git(repo, "commit", "-q", "--allow-empty", "-am", version);
                git(repo, "push", "-f", remote, "HEAD:refs/heads/main");
                commits.add(git(repo, "rev-parse", "HEAD").trim());
                POLL.until(() -> serving(api, "staging", version), 120_000, "staging " + version);
            }

            List<Double> promote = new ArrayList<>();
            List<Double> rollback = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                String version = i % 2 == 0 ? "1.0.0" : "2.0.0";
                String commit = commits.get(i % 2);
                JsonNode p = api.post("/api/v1/apps/hello/promotions",
                        "{\"environment\":\"production\",\"commit\":\"" + commit + "\"}");
                long start = System.nanoTime();
                api.post("/api/v1/apps/hello/promotions/" + p.get("id").asLong() + "/approve", "", approver);
                POLL.until(() -> serving(api, "production", version), 60_000, "production " + version);
                promote.add(ms(start));
                if (i > 0) {
                    String previous = i % 2 == 0 ? "2.0.0" : "1.0.0";
                    long back = System.nanoTime();
                    api.post("/api/v1/apps/hello/environments/production/rollback", "{}");
                    POLL.until(() -> serving(api, "production", previous), 60_000, "rollback to " + previous);
                    rollback.add(ms(back));
                    // forward again so the next round promotes from a known state
                    api.post("/api/v1/apps/hello/environments/production/rollback", "{}");
                    POLL.until(() -> serving(api, "production", version), 60_000, "forward to " + version);
                }
            }
            List<Double> startup = appStartup(api, repo, rounds);

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
        }
    }

    /** The example service started by hand the way the deploy target starts it, timed to its first healthy answer. */
    static List<Double> appStartup(Api api, Path repo, int rounds) throws Exception {
        Path dist = repo.resolve("dist");
        Files.createDirectories(dist);
        Commands.run(repo, "javac", "-d", dist.toString(), repo.resolve("src/Hello.java").toString());
        Files.copy(repo.resolve("VERSION"), dist.resolve("VERSION"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            int port = SlipwayServer.freePort();
            ProcessBuilder pb = new ProcessBuilder("java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", "dist", "Hello")
                    .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PORT", Integer.toString(port));
            long start = System.nanoTime();
            Process p = pb.start();
            try {
                POLL.until(() -> api.status("http://127.0.0.1:" + port + "/healthz") == 200, 30_000, "app start");
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
    static boolean serving(Api api, String env, String version) throws Exception {
        String url = URLS.get(env);
        if (url == null) {
            url = api.environmentUrl("hello", env);
            if (url == null) {
                return false;
            }
            URLS.put(env, url);
        }
        return api.answers(url, "version " + version);
    }
}
