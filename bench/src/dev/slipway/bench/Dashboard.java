package dev.slipway.bench;

import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The dashboard's read pages at scale: a real server (target/slipway.jar) on a fresh data dir, 200 apps created over
 * the API, then seeded straight into its SQLite database (after start-up, so recovery does not try to start 4,000
 * services): per app 20 environments (17 dev-* branch environments, staging, qa, production), 250 runs with their
 * jobs and artifacts, deployments (one LIVE per environment plus history), promotions (history and pending ones).
 * Every app's bare repository gets real commits with a .slipway.yml, and the runs name them, so the pages read and
 * parse pipeline files as they would in use. Then GET /ui and GET /ui/apps/{app} are timed sequentially over
 * loopback with the admin token: client time, the server's own time (its Server-Timing header) and the page size.
 */
public final class Dashboard {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Poll POLL = new Poll(20);
    static final String ADMIN = "slw_benchdashboard.bench-admin-token-with-enough-entropy-0123456789";
    static final int APPS = 200;

    public static void main(String[] args) throws Exception {
        int overviewRequests = Args.count(args, 0, "overview requests", 200, 1);
        int appRequests = Args.count(args, 1, "app requests", 500, 1);
        SlipwayServer server = SlipwayServer.start("slipway-bench-dashboard", ADMIN);
        Api api = new Api(HTTP, server.base(), ADMIN);
        boolean ok = false;
        try {
            POLL.until(api::healthy, 60_000, "server start");
            long seedStart = System.nanoTime();
            for (String user : List.of("alice", "bob", "carol")) {
                api.post("/api/v1/users", "{\"name\":\"" + user + "\"}");
            }
            api.post("/api/v1/grants", "{\"user\":\"carol\",\"role\":\"releaser\",\"app\":\"*\"}");
            List<String> apps = new ArrayList<>();
            for (int a = 0; a < APPS; a++) {
                String app = String.format("app-%03d", a);
                api.post("/api/v1/apps", "{\"name\":\"" + app + "\"}");
                apps.add(app);
            }
            DashboardSeed.Counts counts = new DashboardSeed(server.data(), System.currentTimeMillis()).seed(apps);
            System.out.printf("seeded in %.1f s: %d apps, %d environments, %d runs, %d jobs, %d deployments, "
                    + "%d promotions (%d pending)%n", ms(seedStart) / 1000, apps.size(), counts.environments(),
                    counts.runs(), counts.jobs(), counts.deployments(), counts.promotions(), counts.pending());

            Random random = new Random(42);
            measure(api, List.of("/ui"), 100, 0, random); // warm-up: JIT (C2 is busy for ~100 views), pool, caches
            measure(api, apps.stream().map(a -> "/ui/apps/" + a).toList(), 100, 0, random);
            Result overview = measure(api, List.of("/ui"), overviewRequests, 0, random);
            Result appPage = measure(api, apps.stream().map(a -> "/ui/apps/" + a).toList(), appRequests, 1, random);

            // SSE fan-out (100 pages following one job log) is LogFanout, which bench/dashboard runs next.

            System.out.printf("%ndashboard on %d cores, %s %s; %d apps x %d environments, %d runs%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.arch"), apps.size(), counts.environments() / apps.size(), counts.runs());
            System.out.printf("  %-22s %9s %12s %12s %12s %12s %10s%n", "page", "requests", "client p50",
                    "client p95", "server p50", "server p95", "size");
            print("GET /ui", overview);
            print("GET /ui/apps/{app}", appPage);
            boolean met = overview.p95Server() < 100 && appPage.p95Server() < 100;
            System.out.println("  target: server p95 < 100 ms -> " + (met ? "met" : "NOT met"));
            ok = true;
        } finally {
            server.stop();
            if (ok) {
                Dirs.delete(server.work()); // ~100 MB of database and repositories
            } else {
                System.err.println("bench failed; its data and server log are kept in " + server.work());
            }
        }
    }

    record Result(int requests, List<Double> client, List<Double> server, List<Double> read, List<Double> render,
                  long bytes) {
        double p95Server() {
            return server.isEmpty() ? pct(client, 95) : pct(server, 95);
        }
    }

    /** {@code count} sequential GETs of paths picked at random; {@code mode} 0 keeps no figures for warm-ups too. */
    static Result measure(Api api, List<String> paths, int count, int mode, Random random) throws Exception {
        List<Double> client = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> read = new ArrayList<>();
        List<Double> render = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            String path = paths.get(random.nextInt(paths.size()));
            HttpRequest request = api.request(path).build();
            long start = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            client.add(ms(start));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + " "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            bytes += r.body().length;
            r.headers().firstValue("Server-Timing").ifPresent(timing -> {
                server.add(serverMillis(timing, "page"));
                read.add(serverMillis(timing, "read"));
                render.add(serverMillis(timing, "render"));
            });
        }
        return new Result(count, client, server, read, render, count == 0 ? 0 : bytes / count);
    }

    /** ("page;dur=12.3, read;dur=9.1", "read") -> 9.1 */
    static double serverMillis(String header, String metric) {
        for (String part : header.split(",")) {
            String[] nameAndDur = part.trim().split(";dur=");
            if (nameAndDur.length == 2 && nameAndDur[0].equals(metric)) {
                return Double.parseDouble(nameAndDur[1]);
            }
        }
        throw new IllegalStateException("Server-Timing without " + metric + ": " + header);
    }

    static void print(String page, Result r) {
        String serverP50 = r.server.isEmpty() ? "-" : String.format("%.1f ms", pct(r.server, 50));
        String serverP95 = r.server.isEmpty() ? "-" : String.format("%.1f ms", pct(r.server, 95));
        System.out.printf("  %-22s %9d %9.1f ms %9.1f ms %12s %12s %7d KB%n", page, r.requests, pct(r.client, 50),
                pct(r.client, 95), serverP50, serverP95, r.bytes / 1024);
        if (!r.server.isEmpty()) {
            System.out.printf("  %-22s %9s %12s %12s %12s %12s%n", "", "of which", "read p50", "read p95",
                    "render p50", "render p95");
            System.out.printf("  %-22s %9s %9.1f ms %9.1f ms %9.1f ms %9.1f ms%n", "", "", pct(r.read, 50),
                    pct(r.read, 95), pct(r.render, 50), pct(r.render, 95));
        }
    }
}
