package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;
import static dev.slipway.bench.Stats.ms;
import static dev.slipway.bench.Stats.pct;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a real Slipway server (target/slipway.jar) on a free loopback port with a fresh data dir, then:
 * (1) pushes N commits to main one after another — 3 stages whose steps are `true`, plus a tiny Java service that
 *     staging runs — and measures push → run finished and push → staging serving the new commit;
 * (2) pushes B new branches (each its own commit, so B real runs) in one `git push`, and measures runs per second;
 * (3) reads the server's RSS idle (after start) and after all of it.
 * Every loop is bounded; the server and its services are stopped at the end.
 */
public final class PushToLive {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TOKEN = "slw_benchadmin000.bench-admin-token-with-enough-entropy-0123456789";
    static final Poll POLL = new Poll(2);

    public static void main(String[] args) throws Exception {
        int pushes = Args.count(args, 0, "pushes", 20, 1);
        int branches = Args.count(args, 1, "branches", 50, 1);
        try (SlipwayServer server = SlipwayServer.start("slipway-bench", TOKEN)) {
            Api api = new Api(HTTP, server.base(), TOKEN);
            String remote = server.gitRemote("bench");
            POLL.until(api::healthy, 60_000, "server start");
            Thread.sleep(2000); // let start-up work settle before reading the idle footprint
            long idleRss = ProcFs.rssKb(server.pid());
            api.post("/api/v1/apps", "{\"name\":\"bench\"}");
            Path repo = server.work().resolve("repo");
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
                POLL.until(() -> finished(api, run), 60_000, "run " + run);
                toFinished.add(ms(start));
                String want = "v" + i;
                POLL.until(() -> serving(api, "staging", want), 60_000, "staging " + want);
                toLive.add(ms(start));
                String state = api.get("/api/v1/apps/bench/runs/" + run).get("state").asText();
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
            long firstBurstRun = latestRun(api) + 1;
            List<String> push = new ArrayList<>(List.of("push", remote));
            push.addAll(refspecs);
            long burstStart = System.nanoTime();
            git(repo, push.toArray(String[]::new));
            long lastBurstRun = firstBurstRun + branches - 1;
            POLL.until(() -> {
                for (long r = firstBurstRun; r <= lastBurstRun; r++) {
                    if (!finished(api, r)) {
                        return false;
                    }
                }
                return true;
            }, 300_000, "burst");
            double burstMs = ms(burstStart);
            int succeeded = 0;
            for (long r = firstBurstRun; r <= lastBurstRun; r++) {
                succeeded += api.get("/api/v1/apps/bench/runs/" + r).get("state").asText().equals("SUCCEEDED") ? 1 : 0;
            }
            long afterRss = ProcFs.rssKb(server.pid());

            System.out.printf("push-to-live on %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            System.out.printf("sequential pushes to main: %d (3 stages of `true`, artifact, deploy to staging)%n", pushes);
            System.out.printf("  git push itself          median %6.1f ms   p95 %6.1f ms%n", pct(gitPush, 50), pct(gitPush, 95));
            System.out.printf("  (a) push -> run finished median %6.1f ms   p95 %6.1f ms%n", pct(toFinished, 50), pct(toFinished, 95));
            System.out.printf("  (b) push -> staging live median %6.1f ms   p95 %6.1f ms%n", pct(toLive, 50), pct(toLive, 95));
            System.out.printf("burst: %d new branches in one push -> %d runs, %d succeeded%n", branches, branches, succeeded);
            System.out.printf("  (c) all finished in %.0f ms = %.1f runs/s%n", burstMs, branches * 1000.0 / burstMs);
            System.out.printf("  (d) server RSS idle %d MB, after %d MB%n", idleRss / 1024, afterRss / 1024);
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
        Commands.run(repo, "javac", "-d", repo.resolve("dist").toString(), source.toString());
        Files.writeString(repo.resolve("dist/VERSION"), "v0\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "bench app");
    }

    static long runNumber(String pushOutput) {
        var m = java.util.regex.Pattern.compile("run #(\\d+)").matcher(pushOutput);
        if (!m.find()) {
            throw new IllegalStateException("no run in push output:\n" + pushOutput);
        }
        return Long.parseLong(m.group(1));
    }

    static long latestRun(Api api) throws Exception {
        JsonNode runs = api.get("/api/v1/apps/bench/runs?limit=1").get("runs");
        return runs.isEmpty() ? 0 : runs.get(0).get("number").asLong();
    }

    static boolean finished(Api api, long run) throws Exception {
        HttpResponse<String> r = api.send("/api/v1/apps/bench/runs/" + run);
        return r.statusCode() == 200 && !Api.JSON.readTree(r.body()).get("state").asText().matches("QUEUED|RUNNING");
    }

    /** Whether staging's address answers with {@code version}; its address is asked of Slipway every time. */
    static boolean serving(Api api, String env, String version) throws Exception {
        String url = api.environmentUrl("bench", env);
        return url != null && api.answers(url, "version " + version);
    }
}
