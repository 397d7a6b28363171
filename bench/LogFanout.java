import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * Usage: java -cp target/slipway.jar bench/LogFanout.java [watchers] [lines]   (default 100 watchers, 1000 lines)
 */
public final class LogFanout {
    static final String ADMIN = "slw_benchfanout00.bench-admin-token-with-enough-entropy-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int watchers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path work = Files.createTempDirectory("slipway-bench-fanout");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/slipway.jar", "server", "--data",
                work.resolve("data").toString(), "--port", Integer.toString(port));
        builder.environment().put("SLIPWAY_ADMIN_TOKEN", ADMIN);
        Process server = builder.redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        List<HttpResponse<Stream<String>>> open = Collections.synchronizedList(new ArrayList<>());
        try {
            waitUntil(() -> status(base + "/healthz") == 200, 60_000, "server start");
            post(base, "/api/v1/apps", "{\"name\":\"fanout\"}");
            Path go = work.resolve("go");
            Path repo = work.resolve("repo");
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
            git(repo, "push", "http://admin:" + ADMIN + "@127.0.0.1:" + port + "/git/fanout.git", "HEAD:refs/heads/main");
            waitUntil(() -> get(base + "/api/v1/apps/fanout/runs/1").contains("\"RUNNING\""), 60_000, "the job runs");

            CountDownLatch following = new CountDownLatch(watchers);
            CountDownLatch ended = new CountDownLatch(watchers);
            ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
            AtomicInteger received = new AtomicInteger();
            List<Thread> readers = new ArrayList<>();
            for (int w = 0; w < watchers; w++) {
                HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
                                + "/ui/apps/fanout/runs/1/jobs/talk/log/stream?from=0"))
                        .header("Authorization", "Bearer " + ADMIN).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
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
            long cpuBefore = cpuMillis(server);
            long start = System.nanoTime();
            Files.writeString(go, "go");
            if (!ended.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the job did not end for every watcher");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = cpuMillis(server) - cpuBefore;
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
            List<ProcessHandle> children = server.descendants().toList();
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** utime + stime of the process, from /proc (clock ticks of 10 ms on Linux). */
    static long cpuMillis(Process p) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void post(String base, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
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
            Thread.sleep(20);
        }
    }
}
