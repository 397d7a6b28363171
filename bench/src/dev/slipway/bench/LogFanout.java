package dev.slipway.bench;

import static dev.slipway.bench.Commands.git;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * SSE fan-out of one job's log to many dashboard watchers: a real server, a real push, a job that writes `lines`
 * lines at ~100 lines/s once every watcher follows its log (GET …/jobs/{job}/log/stream, what the run page opens).
 * Per line and watcher: delay from the log's own timestamp (written by the server as the line arrives) to its
 * arrival at the watcher; plus lines lost (must be 0) and the server's CPU time while streaming.
 * Usage: bench/run LogFanout [watchers] [lines]   (default 100 watchers, 1000 lines; bench/dashboard runs it)
 */
public final class LogFanout {
    static final String ADMIN = "slw_benchfanout00.bench-admin-token-with-enough-entropy-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Poll POLL = new Poll(20);

    public static void main(String[] args) throws Exception {
        int watchers = Args.count(args, 0, "watchers", 100, 1);
        int lines = Args.count(args, 1, "lines", 1000, 1);
        SlipwayServer server = SlipwayServer.start("slipway-bench-fanout", ADMIN);
        Api api = new Api(HTTP, server.base(), ADMIN);
        List<HttpResponse<Stream<String>>> open = Collections.synchronizedList(new ArrayList<>());
        try {
            POLL.until(api::healthy, 60_000, "server start");
            api.post("/api/v1/apps", "{\"name\":\"fanout\"}");
            Path go = server.work().resolve("go");
            Path repo = server.work().resolve("repo");
            Files.createDirectories(repo);
            Files.writeString(repo.resolve(".slipway.yml"), """
                    stages:
                      - name: build
                        jobs:
                          talk:
                            timeout: 10m
                            steps:
                              - run: "echo ready; i=0; while [ ! -e '%s' ] && [ $i -lt 6000 ]; do i=$((i+1)); sleep 0.05; done"
                              - run: "i=0; while [ $i -lt %d ]; do i=$((i+1)); echo line $i; sleep 0.01; done"
                    """.formatted(go, lines));
            git(repo, "init", "-q", "-b", "main");
            git(repo, "add", "-A");
            git(repo, "commit", "-qm", "fanout");
            git(repo, "push", server.gitRemote("fanout"), "HEAD:refs/heads/main");
            POLL.until(() -> api.text("/api/v1/apps/fanout/runs/1").contains("\"RUNNING\""), 60_000, "the job runs");

            CountDownLatch following = new CountDownLatch(watchers);
            CountDownLatch ended = new CountDownLatch(watchers);
            ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
            AtomicInteger received = new AtomicInteger();
            List<Thread> readers = new ArrayList<>();
            for (int w = 0; w < watchers; w++) {
                HttpResponse<Stream<String>> r = HTTP.send(api.request("/ui/apps/fanout/runs/1/jobs/talk/log/stream?from=0")
                                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("watcher " + w + ": HTTP " + r.statusCode());
                }
                open.add(r);
                Thread t = new Thread(() -> {
                    try {
                        r.body().forEach(line -> {
                            if (line.startsWith(": following")) {
                                following.countDown();
                            } else if (line.matches("data: \\S+ line \\d+")) { // a job line, not the echoed command
                                long now = System.currentTimeMillis();
                                Instant written = Instant.parse(line.substring(6, line.indexOf(' ', 6)));
                                delays.add(now - written.toEpochMilli());
                                received.incrementAndGet();
                            } else if (line.startsWith("event: end")) {
                                ended.countDown();
                            }
                        });
                    } catch (RuntimeException e) {
                        // hung up at the end
                    }
                }, "watcher-" + w);
                t.setDaemon(true);
                t.start();
                readers.add(t);
            }
            if (!following.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every watcher follows the log");
            }
            long cpuBefore = ProcFs.cpuMillis(server.pid());
            long start = System.nanoTime();
            Files.writeString(go, "go");
            if (!ended.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the job did not end for every watcher");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = ProcFs.cpuMillis(server.pid()) - cpuBefore;
            List<Long> sorted = new ArrayList<>(delays);
            Collections.sort(sorted);
            long expected = (long) watchers * lines;
            System.out.printf("log fan-out on %d cores: %d watchers of one job log, %d lines at ~100 lines/s%n",
                    Runtime.getRuntime().availableProcessors(), watchers, lines);
            System.out.printf("  delivered %d of %d line copies (%d lost) in %.1f s%n", received.get(), expected,
                    expected - received.get(), seconds);
            System.out.printf("  written -> at the watcher   median %d ms   p95 %d ms   p99 %d ms   max %d ms%n",
                    pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
            System.out.printf("  server CPU while streaming %d ms (%.1f%% of one core; includes running the job)%n",
                    cpu, cpu / (seconds * 10));
        } finally {
            for (HttpResponse<Stream<String>> r : open) {
                r.body().close();
            }
            server.stop();
        }
    }

    /** The nearest-rank percentile of delays in ms, 0 when none arrived. */
    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : Stats.pct(sorted, p);
    }
}
