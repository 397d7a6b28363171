package dev.slipway.environment.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router over real sockets: two tiny upstreams ("blue" and "green") behind one public port. */
class LocalRouterTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRouter router;
    private HttpServer blue;
    private HttpServer green;
    private int publicPort;
    private final CountDownLatch slowArrived = new CountDownLatch(1);
    /** Holds the slow request on blue until both swaps are done, so it is in flight across them for sure. */
    private final CountDownLatch slowRelease = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        router = new LocalRouter("127.0.0.1");
        blue = upstream("blue", slowArrived, slowRelease);
        green = upstream("green", new CountDownLatch(1), new CountDownLatch(0));
        publicPort = freePort();
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        blue.stop(0);
        green.stop(0);
    }

    @Test
    void answers_502_with_a_clear_body_while_nothing_is_live() throws Exception {
        router.open("shop", "staging", publicPort);

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("nothing is live in environment 'staging' of app 'shop'");
    }

    @Test
    void forwards_to_the_live_upstream_with_x_forwarded_headers() throws Exception {
        router.route("shop", "staging", publicPort, blue.getAddress().getPort());

        HttpResponse<String> response = get("/headers");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("version=blue")
                .contains("x-forwarded-for=127.0.0.1")
                .contains("x-forwarded-proto=http")
                .contains("x-forwarded-host=127.0.0.1:" + publicPort);
    }

    @Test
    void streams_large_bodies_both_ways() throws Exception {
        router.route("shop", "staging", publicPort, blue.getAddress().getPort());
        byte[] body = new byte[8 * 1024 * 1024];
        Arrays.fill(body, (byte) 'x');

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void a_swap_under_load_loses_no_request_and_in_flight_requests_finish_on_the_old_upstream() throws Exception {
        router.route("shop", "staging", publicPort, blue.getAddress().getPort());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<String> expected = new AtomicReference<>("blue");
        var loop = Executors.newSingleThreadExecutor();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20_000 && running.get(); i++) { // bounded
                String want = expected.get();
                try {
                    HttpResponse<String> r = get("/");
                    requests.incrementAndGet();
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    } else if (!r.body().equals(want) && expected.get().equals(want)) {
                        wrong.incrementAndGet(); // the expected version was fixed before the request was sent
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        }, loop);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> requests.get() >= 50);
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                    HttpRequest.newBuilder(url("/slow")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(slowArrived.await(10, TimeUnit.SECONDS)).isTrue(); // in flight on blue now

            router.route("shop", "staging", publicPort, green.getAddress().getPort());
            expected.set("green");
            int onGreen = requests.get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> requests.get() >= onGreen + 100);
            router.route("shop", "staging", publicPort, blue.getAddress().getPort());
            expected.set("blue");
            int onBlue = requests.get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> requests.get() >= onBlue + 100);

            slowRelease.countDown();
            HttpResponse<String> slowResponse = slow.get();
            assertThat(slowResponse.statusCode()).isEqualTo(200);
            assertThat(slowResponse.body()).isEqualTo("slow blue");
        } finally {
            running.set(false);
            load.get();
            loop.shutdown();
        }
        assertThat(requests.get()).isGreaterThan(10);
        assertThat(failures.get()).isZero();
        assertThat(wrong.get()).isZero();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create(router.url(publicPort) + path);
    }

    private static HttpServer upstream(String version, CountDownLatch slowArrived, CountDownLatch slowRelease)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] out;
            if (path.equals("/slow")) {
                slowArrived.countDown();
                await(slowRelease);
                out = ("slow " + version).getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/headers")) {
                StringBuilder text = new StringBuilder("version=" + version + "\n");
                exchange.getRequestHeaders().forEach((name, values) ->
                        text.append(name.toLowerCase()).append('=').append(String.join(",", values)).append('\n'));
                out = text.toString().getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/echo")) {
                try (InputStream in = exchange.getRequestBody()) {
                    out = in.readAllBytes();
                }
            } else {
                out = version.getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(out);
            }
        });
        server.start();
        return server;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
