package dev.slipway.environment.local;

import dev.slipway.environment.Upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway router} as the real process (a JVM of its own, started as Slipway starts it): it serves the routes
 * file it finds, takes changes over its control channel one environment at a time, and after a kill -9 serves the
 * last routes again from the file, before anyone programs it. Each router is stopped by the pid in its pid file.
 */
class RouterProcessTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpServer> upstreams = new ArrayList<>();
    private final List<ProcessRouter> connected = new ArrayList<>();
    private RouterFiles files;
    private HttpServer a;
    private HttpServer b;
    private HttpServer c;
    private int publicPort;

    @BeforeEach
    void upstreams() throws IOException {
        files = RouterFiles.in(data);
        a = upstream("a");
        b = upstream("b");
        c = upstream("c");
        publicPort = freePort();
    }

    @AfterEach
    void stop() {
        connected.forEach(ProcessRouter::close); // else their watch would start the router again
        new RouterLauncher(files, "127.0.0.1", START).stop(Duration.ofSeconds(10));
        upstreams.forEach(server -> server.stop(0));
    }

    @Test
    void servesTheRoutesFileItStartsWithUntilSlipwayResynchronisesIt() throws Exception {
        int gone = freePort();
        files.writeRoutes(List.of(RouteEntry.to("shop", "staging", publicPort, List.of(local(a))),
                RouteEntry.to("shop", "old", gone, List.of(local(c)))));

        RouterFiles.Running running = start();

        assertThat(get()).isEqualTo("a");
        assertThat(get(gone)).isEqualTo("c");
        assertThat(Files.getPosixFilePermissions(files.token()))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + running.controlPort() + "/routes"))
                .header("Authorization", "Bearer not-the-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> RouterDaemon.start(files, "127.0.0.1")).as("one router per data directory")
                .hasMessageContaining("another router already serves").hasMessageContaining(Long.toString(running.pid()));

        // Slipway starts: environment "old" was deleted while it was down
        ProcessRouter router = connect();
        assertThat(router.pid()).as("adopted, not a second one").isEqualTo(running.pid());
        router.resync(Set.of(publicPort));

        assertThat(get()).isEqualTo("a");
        assertThat(files.readRoutes()).extracting(RouteEntry::port).containsExactly(publicPort);
        await().atMost(Duration.ofSeconds(5)).until(() -> refused(gone));
    }

    @Test
    void aChangeMovesAllOfAnEnvironmentsTrafficAtOnceUnderLoad() throws Exception {
        files.writeRoutes(List.of(RouteEntry.to("shop", "staging", publicPort, List.of(local(a)))));
        start();
        ProcessRouter router = connect();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (loading.get()) {
                try {
                    String body = get();
                    if (!Set.of("a", "b", "c").contains(body)) {
                        failures.add(body);
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        load.start();
        try {
            for (int swap = 0; swap < 10; swap++) {
                router.route("shop", "staging", publicPort, List.of(local(b), local(c)));
                assertThat(answers(6)).as("once the change returns, only the new upstreams answer")
                        .isSubsetOf("b", "c");
                router.route("shop", "staging", publicPort, List.of(local(a)));
                assertThat(answers(3)).containsOnly("a");
            }
        } finally {
            loading.set(false);
            load.join();
        }
        assertThat(failures).isEmpty();
        assertThat(files.readRoutes()).containsExactly(RouteEntry.to("shop", "staging", publicPort, List.of(local(a))));
        router.route("shop", "staging", publicPort, List.of(local(b), local(c)));
        assertThat(answers(4)).as("round-robin, alone on the port")
                .isIn(List.of("b", "c", "b", "c"), List.of("c", "b", "c", "b"));

        router.down("shop", "staging", publicPort, "RESTARTING");
        assertThat(get()).startsWith("503 ").contains("RESTARTING");
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> router.move("shop", "staging", publicPort, held.getLocalPort(), () -> true))
                    .isInstanceOf(PortUnavailableException.class);
        }
        router.route("shop", "staging", publicPort, List.of(local(a)));
        int moved = freePort();
        assertThat(router.move("shop", "staging", publicPort, moved, () -> true)).isTrue();
        assertThat(get(moved)).isEqualTo("a");
        assertThat(refused(publicPort)).isTrue();
        assertThat(files.readRoutes()).extracting(RouteEntry::port).containsExactly(moved);
    }

    @Test
    void afterAKillItServesTheLastRoutesFromItsFileAndSlipwayStartsADeadOneAgain() throws Exception {
        ProcessRouter router = connect(); // starts it: none runs
        RouterFiles.Running first = files.readRunning().orElseThrow();
        assertThat(router.pid()).isEqualTo(first.pid());
        router.route("shop", "staging", publicPort, List.of(local(b)));
        assertThat(get()).isEqualTo("b");
        router.close(); // Slipway is gone: nobody watches or programs the router

        kill(first);
        RouterFiles.Running second = start();

        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(get()).isEqualTo("b"); // nobody programmed it: the file did

        connect(); // Slipway is back and watches it
        kill(second);
        await().atMost(START).until(() -> files.readRunning().filter(r -> r.pid() != second.pid())
                .filter(r -> new ProcessHandleCheck(r).alive()).isPresent());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> get().equals("b"));
    }

    private static void kill(RouterFiles.Running running) {
        ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !new ProcessHandleCheck(running).alive());
    }

    private ProcessRouter connect() throws IOException {
        ProcessRouter router = ProcessRouter.connect(data, "127.0.0.1", START);
        connected.add(router);
        return router;
    }

    /** Starts the router process as Slipway would, and waits until it answers on its control channel. */
    private RouterFiles.Running start() throws IOException {
        String token = files.loadOrCreateToken();
        return new RouterLauncher(files, "127.0.0.1", START).ensureRunning(running -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.controlPort()
                        + "/routes")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private record ProcessHandleCheck(RouterFiles.Running running) {
        boolean alive() {
            return new dev.slipway.process.ProcessId(running.pid(), running.startTicks()).isAlive();
        }
    }

    private List<String> answers(int count) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(get());
        }
        return bodies;
    }

    private String get() throws Exception {
        return get(publicPort);
    }

    private String get(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : response.statusCode() + " " + response.body();
    }

    private static boolean refused(int port) {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static Upstream local(HttpServer server) {
        return Upstream.local(server.getAddress().getPort());
    }

    private HttpServer upstream(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        upstreams.add(server);
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
