package dev.slipway.bench;

import dev.slipway.environment.local.LocalRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Slipway's router (LocalRouter, the one the server runs) in front of two loopback upstreams, "blue" and "green":
 * (1) a load loop at a fixed rate against the router's public port while the route is swapped every 2 s for the
 *     given duration; counts requests, errors (non-200 or no answer) and wrong versions (a request sent after a
 *     swap returned that was answered by the other slot); swap latency is the time route() takes, and the time
 *     from the start of a swap until the first response from the new slot;
 * (2) the router's added latency: sequential GETs straight to an upstream vs through the router, medians.
 * Everything runs on 127.0.0.1 and every loop is bounded.
 */
public final class SwapUnderLoad {
    public static void main(String[] args) throws Exception {
        int rate = Args.count(args, 0, "rate", 500, 1);          // requests per second
        int seconds = Args.count(args, 1, "seconds", 30, 1);
        Server blue = upstream("blue");
        Server green = upstream("green");
        int bluePort = port(blue);
        int greenPort = port(green);
        int publicPort = SlipwayServer.freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (LocalRouter router = new LocalRouter("127.0.0.1")) {
            router.route("bench", "production", publicPort, bluePort);
            URI viaRouter = URI.create(router.url(publicPort) + "/");
            for (int i = 0; i < 2000; i++) { // warm up both paths
                http.send(HttpRequest.newBuilder(viaRouter).build(), HttpResponse.BodyHandlers.ofString());
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bluePort + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }

            // (1) swaps under load
            AtomicReference<String> live = new AtomicReference<>("blue");
            AtomicLong swapStartedAt = new AtomicLong();
            AtomicInteger requests = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            ConcurrentLinkedQueue<Long> firstNewResponse = new ConcurrentLinkedQueue<>();
            AtomicReference<String> seenSince = new AtomicReference<>("blue");
            List<Double> routeCall = new ArrayList<>();
            List<CompletableFuture<?>> pending = new ArrayList<>();
            long intervalNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long nextSwap = start + 2_000_000_000L;
            long end = start + seconds * 1_000_000_000L;
            long next = start;
            while (next < end) {
                long now = System.nanoTime();
                if (now >= nextSwap) {
                    String to = live.get().equals("blue") ? "green" : "blue";
                    swapStartedAt.set(System.nanoTime());
                    long t0 = System.nanoTime();
                    router.route("bench", "production", publicPort, to.equals("blue") ? bluePort : greenPort);
                    routeCall.add((System.nanoTime() - t0) / 1e6);
                    live.set(to);
                    nextSwap += 2_000_000_000L;
                }
                if (now < next) {
                    Thread.onSpinWait();
                    continue;
                }
                next += intervalNanos;
                String want = live.get();
                pending.add(http.sendAsync(HttpRequest.newBuilder(viaRouter).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                    requests.incrementAndGet();
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        String got = r.body();
                        if (!got.equals(want) && live.get().equals(want)) {
                            wrong.incrementAndGet(); // sent after the swap to `want` returned, answered by the other slot
                        }
                        if (got.equals(live.get()) && !seenSince.getAndSet(got).equals(got)) {
                            firstNewResponse.add(System.nanoTime() - swapStartedAt.get());
                        }
                    }
                    return null;
                }));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            double elapsed = (System.nanoTime() - start) / 1e9;

            // (2) added latency, sequential
            List<Double> direct = new ArrayList<>();
            List<Double> proxied = new ArrayList<>();
            URI straight = URI.create("http://127.0.0.1:" + bluePort + "/");
            router.route("bench", "production", publicPort, bluePort);
            for (int i = 0; i < 3000; i++) {
                direct.add(timed(http, straight));
                proxied.add(timed(http, viaRouter));
            }

            List<Double> toFirstNew = firstNewResponse.stream().map(n -> n / 1e6).toList();
            System.out.printf("load: %d requests in %.1f s (%d/s asked), %d errors, %d wrong version, %d swaps%n",
                    requests.get(), elapsed, rate, errors.get(), wrong.get(), routeCall.size());
            System.out.printf("swap: route() median %.3f ms, max %.3f ms; swap start -> first response from the new"
                    + " slot median %.2f ms%n", median(routeCall), Collections.max(routeCall), median(toFirstNew));
            System.out.printf("latency (3000 sequential GETs each): direct median %.3f ms, via router median %.3f ms,"
                    + " added %.3f ms (p99 direct %.3f, via router %.3f)%n", median(direct), median(proxied),
                    median(proxied) - median(direct), pct(direct, 0.99), pct(proxied, 0.99));
        } finally {
            blue.stop();
            green.stop();
        }
    }

    static Server upstream(String version) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        byte[] body = version.getBytes(StandardCharsets.UTF_8);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    static double timed(HttpClient http, URI uri) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static double median(List<Double> values) {
        return pct(values, 0.5);
    }

    /** Not nearest-rank (p 0.5 of an even count is the upper middle value): kept so figures compare with earlier runs. */
    static double pct(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
    }
}
