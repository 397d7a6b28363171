package dev.slipway.bench;

import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The DORA page at scale: bench/dashboard's data set (a real server, 200 apps × 20 environments, 50,000 runs and their
 * deployments and promotions seeded into its SQLite database) plus one busy app, "busy", whose production went live
 * 4,320 times in 90 days (every 30 min; 1 in 20 rolled back by a ROLLBACK deployment, 1 in 30 failed its health
 * check; 4,320 runs), so that the per-deployment look-ups (what replaced it, when the commit was first pushed) are
 * timed over a long history too. Then GET /ui/apps/{app}/dora?days=7|30|90 at random apps and windows, sequentially,
 * and the same for busy alone and for the API: client time and the page's own Server-Timing, p50/p95/p99.
 */
public final class DoraPage {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Poll POLL = new Poll(20);
    static final String ADMIN = "slw_benchdorapage0.bench-admin-token-with-enough-entropy-0123456789";
    static final int APPS = 200;
    static final int BUSY_DEPLOYMENTS = 4_320;
    static final long MINUTE = 60_000L;

    public static void main(String[] args) throws Exception {
        int requests = Args.count(args, 0, "requests", 1000, 1);
        SlipwayServer server = SlipwayServer.start("slipway-bench-dora", ADMIN);
        Api api = new Api(HTTP, server.base(), ADMIN);
        boolean ok = false;
        try {
            POLL.until(api::healthy, 60_000, "server start");
            long seedStart = System.nanoTime();
            for (String user : List.of("alice", "bob", "carol")) {
                api.post("/api/v1/users", "{\"name\":\"" + user + "\"}");
            }
            List<String> apps = new ArrayList<>();
            for (int a = 0; a < APPS; a++) {
                String app = String.format("app-%03d", a);
                api.post("/api/v1/apps", "{\"name\":\"" + app + "\"}");
                apps.add(app);
            }
            api.post("/api/v1/apps", "{\"name\":\"busy\"}");
            long now = System.currentTimeMillis();
            DashboardSeed.Counts counts = new DashboardSeed(server.data(), now).seed(apps);
            seedBusy(server, now);
            System.out.printf("seeded in %.1f s: %d apps, %d environments, %d runs, %d deployments; busy: %d runs, "
                            + "%d production deployments%n", ms(seedStart) / 1000, apps.size(), counts.environments(),
                    counts.runs(), counts.deployments(), BUSY_DEPLOYMENTS, BUSY_DEPLOYMENTS);

            Random random = new Random(42);
            List<String> pages = new ArrayList<>();
            List<String> busyPages = new ArrayList<>();
            List<String> apiPaths = new ArrayList<>();
            for (int days : new int[] {7, 30, 90}) {
                for (String app : apps) {
                    pages.add("/ui/apps/" + app + "/dora?days=" + days);
                    apiPaths.add("/api/v1/apps/" + app + "/dora?days=" + days);
                }
                busyPages.add("/ui/apps/busy/dora?days=" + days);
                busyPages.add("/ui/apps/busy/dora?days=" + days + "&env=production");
            }
            Dashboard.measure(api, pages, 300, 0, random); // warm-up: JIT, pool, caches
            Dashboard.measure(api, busyPages, 100, 0, random);
            Dashboard.Result page = Dashboard.measure(api, pages, requests, 1, random);
            Dashboard.Result busy = Dashboard.measure(api, busyPages, requests / 2, 1, random);
            Dashboard.Result json = Dashboard.measure(api, apiPaths, requests / 2, 1, random);

            System.out.printf("%nDORA page on %d cores, %s %s; %d apps, %d runs (+%d of busy)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.arch"), apps.size(), counts.runs(), BUSY_DEPLOYMENTS);
            System.out.printf("  %-34s %9s %10s %10s %10s %10s %10s %10s %8s%n", "request", "requests", "client p50",
                    "client p95", "client p99", "server p50", "server p95", "server p99", "size");
            print("GET /ui/apps/{app}/dora (random)", page);
            print("GET /ui/apps/busy/dora", busy);
            print("GET /api/v1/apps/{app}/dora", json);
            boolean met = page.p95Server() < 100 && busy.p95Server() < 100;
            System.out.println("  target: page server p95 < 100 ms -> " + (met ? "met" : "NOT met"));
            ok = true;
        } finally {
            server.stop();
            if (ok) {
                Dirs.delete(server.work());
            } else {
                System.err.println("bench failed; its data and server log are kept in " + server.work());
            }
        }
    }

    static void print(String name, Dashboard.Result r) {
        List<Double> server = r.server().isEmpty() ? r.client() : r.server();
        System.out.printf("  %-34s %9d %7.1f ms %7.1f ms %7.1f ms %7.1f ms %7.1f ms %7.1f ms %5d KB%n", name,
                r.requests(), pct(r.client(), 50), pct(r.client(), 95), pct(r.client(), 99), pct(server, 50),
                pct(server, 95), pct(server, 99), r.bytes() / 1024);
    }

    /**
     * busy's production, one deployment every 30 minutes back from now over 90 days, each its own commit pushed 20
     * to 80 minutes before: every 20th is replaced 10 minutes later by a ROLLBACK deployment of the one before it,
     * every 30th FAILED (the one before stays live), the rest replaced by the next.
     */
    static void seedBusy(SlipwayServer server, long now) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.data().resolve("slipway.db")
                + "?busy_timeout=30000")) {
            c.setAutoCommit(false);
            try (PreparedStatement env = c.prepareStatement("INSERT INTO environments (app, name, spec_name, branch, "
                    + "port, created_at) VALUES ('busy', 'production', 'production', NULL, 39999, ?)");
                 PreparedStatement run = c.prepareStatement("INSERT INTO runs (app, number, branch, commit_sha, "
                         + "tree_id, pushed_by, state, created_at) VALUES ('busy', ?, 'main', ?, ?, 'alice', "
                         + "'SUCCEEDED', ?)");
                 PreparedStatement dep = c.prepareStatement("INSERT INTO deployments (app, id, environment, digest, "
                         + "commit_sha, run, trigger_kind, actor, command, health, start_timeout_ms, config, state, "
                         + "created_at, started_at, finished_at, retired_at) VALUES ('busy', ?, 'production', ?, ?, ?, "
                         + "?, 'alice', 'x', '/', 1000, '{}', ?, ?, ?, ?, ?)")) {
                env.setLong(1, now - 91L * 24 * 60 * MINUTE);
                env.execute();
                long first = now - (long) BUSY_DEPLOYMENTS * 30 * MINUTE;
                long id = 0;
                Long lastLive = null;
                List<long[]> live = new ArrayList<>(); // {id, finished}
                for (int n = 1; n <= BUSY_DEPLOYMENTS; n++) {
                    long at = first + (long) n * 30 * MINUTE;
                    String commit = String.format("%040x", n);
                    run.setLong(1, n);
                    run.setString(2, commit);
                    run.setString(3, commit);
                    run.setLong(4, at - (20 + n % 61) * MINUTE);
                    run.addBatch();
                    boolean fails = n % 30 == 0;
                    long finished = at;
                    if (!live.isEmpty() && !fails) {
                        live.get(live.size() - 1)[2] = finished; // the one before is retired as this goes live
                    }
                    long[] row = {++id, n, 0, fails ? 1 : 0, finished};
                    if (!fails) {
                        live.add(row);
                    } else {
                        insert(dep, row, commit, "PROMOTION", "FAILED", null);
                    }
                    if (n % 20 == 0 && !fails && live.size() >= 2) { // rolled back 10 minutes later
                        long[] back = {++id, live.get(live.size() - 2)[1], 0, 0, finished + 10 * MINUTE};
                        row[2] = back[4];
                        live.add(back);
                        back[3] = 2; // a rollback
                    }
                }
                for (int i = 0; i < live.size(); i++) {
                    long[] row = live.get(i);
                    boolean last = i == live.size() - 1;
                    insert(dep, row, String.format("%040x", row[1]), row[3] == 2 ? "ROLLBACK" : "PROMOTION",
                            last ? "LIVE" : "RETIRED", last ? null : row[2]);
                }
                lastLive = live.get(live.size() - 1)[0];
                run.executeBatch();
                dep.executeBatch();
                try (PreparedStatement p = c.prepareStatement("UPDATE environments SET live_deployment = ? "
                        + "WHERE app = 'busy' AND name = 'production'");
                     PreparedStatement counters = c.prepareStatement("UPDATE apps SET run_counter = ?, "
                             + "deployment_counter = ? WHERE name = 'busy'")) {
                    p.setLong(1, lastLive);
                    p.execute();
                    counters.setLong(1, BUSY_DEPLOYMENTS);
                    counters.setLong(2, id);
                    counters.execute();
                }
            }
            c.commit();
        }
    }

    /** row: {id, run (= commit number), retired at, kind, finished at}. */
    private static void insert(PreparedStatement dep, long[] row, String commit, String trigger, String state,
                               Long retired) throws Exception {
        dep.setLong(1, row[0]);
        dep.setString(2, "sha256:" + String.format("%064x", row[1]));
        dep.setString(3, commit);
        dep.setLong(4, row[1]);
        dep.setString(5, trigger);
        dep.setString(6, state);
        dep.setLong(7, row[4] - 2 * MINUTE);
        dep.setLong(8, row[4] - MINUTE);
        dep.setLong(9, row[4]);
        if (retired == null) {
            dep.setNull(10, java.sql.Types.BIGINT);
        } else {
            dep.setLong(10, retired);
        }
        dep.addBatch();
    }
}
