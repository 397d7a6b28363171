package dev.slipway.environment.local;

import dev.slipway.environment.Upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.environment.PortUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router when another program (here a real listening socket in this JVM) holds a public port. */
class LocalRouterPortTakenTest {
    private static final long OURS = ProcessHandle.current().pid();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalRouter router;
    private HttpServer blue;

    @BeforeEach
    void start() throws IOException {
        router = new LocalRouter("127.0.0.1", Duration.ofMillis(100));
        blue = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        blue.createContext("/", exchange -> {
            byte[] body = "blue".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        blue.start();
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        blue.stop(0);
    }

    @Test
    void aHeldPortIsReportedWithItsHolderNotThrownAndServedOnceItFreesUp() throws Exception {
        ServerSocket holder = hold(freePort());
        int port = holder.getLocalPort();
        int other = freePort();

        router.route("shop", "staging", port, blue.getAddress().getPort());
        router.route("shop", "production", other, blue.getAddress().getPort());

        assertThat(router.unavailable(port)).hasValueSatisfying(why -> assertThat(why)
                .contains("port " + port + " on 127.0.0.1 is held by pid " + OURS + " (")
                .contains("tries it again every 100 ms")
                .contains("`slipway env move-port shop staging`"));
        assertThat(get(other)).isEqualTo("blue");
        assertThat(router.unavailable(other)).isEmpty();

        holder.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(port).equals("blue"));
        assertThat(router.unavailable(port)).isEmpty();
    }

    @Test
    void whatIsRoutedWhileThePortIsHeldIsWhatItServesOnceFree() throws Exception {
        ServerSocket holder = hold(freePort());
        int port = holder.getLocalPort();
        router.open("shop", "staging", port);
        router.route("shop", "staging", port, blue.getAddress().getPort());
        assertThat(router.unavailable(port)).isPresent();

        holder.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(port).equals("blue"));
    }

    @Test
    void aMoveServesTheSameUpstreamOnTheNewPortAndEndsTheOldOneRetriesIncluded() throws Exception {
        ServerSocket holder = hold(freePort());
        int from = holder.getLocalPort();
        router.route("shop", "staging", from, blue.getAddress().getPort());
        int to = freePort();

        assertThat(router.move("shop", "staging", from, to, () -> true)).isTrue();

        assertThat(get(to)).isEqualTo("blue");
        assertThat(router.unavailable(to)).isEmpty();
        assertThat(router.unavailable(from)).as("no longer asked for").isEmpty();
        holder.close();
        // the old port is not retried any more: it stays closed across several retry rounds
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> get(from).equals("refused"));
    }

    @Test
    void aMoveToAHeldPortOrARefusedCommitChangesNothing() throws Exception {
        int from = freePort();
        router.route("shop", "staging", from, blue.getAddress().getPort());
        AtomicBoolean committed = new AtomicBoolean();

        try (ServerSocket holder = hold(freePort())) {
            PortUnavailableException refused = catchThrowableOfType(PortUnavailableException.class,
                    () -> router.move("shop", "staging", from, holder.getLocalPort(), () -> committed.getAndSet(true)));
            assertThat(refused.port()).isEqualTo(holder.getLocalPort());
            assertThat(refused.getMessage()).contains("held by pid " + OURS);
        }
        assertThat(committed).as("nothing recorded").isFalse();

        int to = freePort();
        assertThat(router.move("shop", "staging", from, to, () -> false)).isFalse();
        assertThat(get(to)).isEqualTo("refused");
        assertThat(get(from)).isEqualTo("blue");

        int third = freePort();
        router.open("shop", "production", third);
        assertThat(catchThrowableOfType(PortUnavailableException.class,
                () -> router.move("shop", "staging", from, third, () -> true)).getMessage())
                .contains("environment production of app 'shop'");
        assertThat(get(from)).isEqualTo("blue");
    }

    @Test
    void theHolderIsNamedOrElseAnotherProgram() throws Exception {
        try (ServerSocket holder = hold(freePort())) {
            assertThat(PortHolders.of(holder.getLocalPort())).hasValueSatisfying(who ->
                    assertThat(who).startsWith("pid " + OURS + " (").contains("java"));
        }
        assertThat(PortHolders.of(freePort())).isEmpty();
    }

    private String get(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "refused";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static ServerSocket hold(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return socket;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
