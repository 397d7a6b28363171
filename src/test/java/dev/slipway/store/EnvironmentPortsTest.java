package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.environment.BlueGreen;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.DeployQueue;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentLedger;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.EnvironmentLedger;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.PortMoves;
import dev.slipway.environment.ProcessTarget;
import dev.slipway.environment.Recovery;
import dev.slipway.environment.Release;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.SecretSource;
import dev.slipway.environment.local.LocalRouter;
import com.sun.net.httpserver.HttpServer;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An environment's stable port held by another program (a real listening socket), at the level of the router,
 * Recovery, the Deployer and PortMoves, over the real SQL repositories (SQLite), the real router and real HTTP
 * services: nothing throws, the others serve, the held one says so and comes back, or is moved.
 */
class EnvironmentPortsTest extends DatabaseFixture {
    static final Launch LAUNCH = new Launch("./run", "/healthz", Duration.ofSeconds(30), Map.of());
    static final long OURS = ProcessHandle.current().pid();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PortAllocator free = new PortAllocator(InetAddress.getLoopbackAddress());
    private final HttpTarget target = new HttpTarget();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private SqlEnvironmentRepository environments;
    private SqlDeploymentRepository deployments;
    private AuditLog audit;
    private DeploymentLedger ledger;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    @BeforeEach
    void setUp() {
        Clock clock = Clock.systemUTC();
        new SqlAppRepository(db).create(new App("hello", clock.instant()), () -> { });
        new SqlAppRepository(db).create(new App("other", clock.instant()), () -> { });
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
        audit = new AuditLog(new SqlAuditRepository(db), clock);
        ledger = new DeploymentLedger(deployments, db, audit, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        pool.shutdownNow();
        target.stopAll();
    }

    /** One server's life: its own router (retrying every 100 ms) and deployer, over the same database. */
    private record Server(LocalRouter router, Deployer deployer) {}

    private Server server(IntSupplier ports) {
        LocalRouter router = new LocalRouter("127.0.0.1", Duration.ofMillis(100));
        closing.add(router);
        return new Server(router, new Deployer(environments, deployments, ledger, target, router, ports,
                new BlueGreen(environments, deployments, ledger, target, router, new DeployQueue(pool)),
                dev.slipway.process.TestSandbox.hiding()));
    }

    private Deployment deploy(Server server, String app, String environment) {
        return server.deployer().deploy(DeployOrder.push(app, environment,
                new Release(Digest.ofBytes((app + environment).getBytes()), "c".repeat(40), 1), "alice", LAUNCH)).join();
    }

    private int port(String app, String environment) {
        return environments.find(app, environment).orElseThrow().port();
    }

    private EnvironmentStatus status(Server server, String app, String environment) {
        return new Environments(environments, deployments, server.router()).status(app).stream()
                .filter(s -> s.environment().name().equals(environment)).findFirst().orElseThrow();
    }

    private String get(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
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

    @Test
    void recoveryServesTheOthersMarksTheHeldOneUnavailableAndItComesBackWhenTheHolderLetsGo() throws Exception {
        Server before = server(free);
        deploy(before, "hello", "staging");
        deploy(before, "other", "staging");
        int held = port("hello", "staging");
        assertThat(get(held)).isEqualTo("200 hello/staging #1");
        before.router().close(); // Slipway stops; the services live on

        ServerSocket holder = hold(held);
        Server after = server(free);
        new Recovery(environments, deployments, ledger, target, after.router(), SecretSource.NONE).run();

        assertThat(get(port("other", "staging"))).isEqualTo("200 other/staging #1");
        EnvironmentStatus staging = status(after, "hello", "staging");
        assertThat(staging.state()).isEqualTo("UNAVAILABLE");
        assertThat(staging.unavailable().orElseThrow()).contains("port " + held + " on 127.0.0.1 is held by pid " + OURS)
                .contains("slipway env move-port hello staging");
        assertThat(status(after, "other", "staging").state()).isEqualTo("LIVE");

        // a deployment meanwhile starts its service and goes live, but the address stays unavailable until bound
        Deployment second = deploy(after, "hello", "staging");
        assertThat(second.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(status(after, "hello", "staging").state()).isEqualTo("UNAVAILABLE");
        assertThat(port("hello", "staging")).as("a used environment keeps its address").isEqualTo(held);

        holder.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(held).equals("200 hello/staging #2"));
        assertThat(status(after, "hello", "staging").state()).isEqualTo("LIVE");
        assertThat(status(after, "hello", "staging").unavailable()).isEmpty();
    }

    @Test
    void aNewEnvironmentWhosePortIsTakenBeforeTheRouterListensGetsAnother() throws Exception {
        int taken = free.allocate();
        try (ServerSocket holder = hold(taken)) {
            boolean[] first = {true};
            Server server = server(() -> {
                if (first[0]) {
                    first[0] = false;
                    return taken; // free when picked, taken by the time the router listens
                }
                return free.allocate();
            });
            Deployment d = deploy(server, "hello", "staging");

            assertThat(d.state()).isEqualTo(DeploymentState.LIVE);
            int port = port("hello", "staging");
            assertThat(port).isNotEqualTo(taken);
            assertThat(get(port)).isEqualTo("200 hello/staging #1");
            assertThat(status(server, "hello", "staging").state()).isEqualTo("LIVE");
            assertThat(server.router().unavailable(taken)).as("not retried: nobody uses it").isEmpty();
            assertThat(holder.isBound()).isTrue();
        }
    }

    @Test
    void movePortServesTheNewPortRecordsItAndAuditsIt() {
        Server server = server(free);
        deploy(server, "hello", "staging");
        int from = port("hello", "staging");
        PortMoves moves = moves(server);

        PortMoves.Moved moved = moves.move("alice", "hello", "staging", null);

        assertThat(moved.from()).isEqualTo(from);
        assertThat(moved.to()).isNotEqualTo(from);
        assertThat(moved.url()).isEqualTo("http://127.0.0.1:" + moved.to());
        assertThat(port("hello", "staging")).isEqualTo(moved.to());
        assertThat(get(moved.to())).isEqualTo("200 hello/staging #1");
        assertThat(get(from)).isEqualTo("refused");
        List<AuditEntry> entries = audit.list("hello", 0, 100).stream()
                .filter(e -> e.action().equals("environment.port_moved")).toList();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.subject()).isEqualTo("staging");
            assertThat(e.before()).isEqualTo("port " + from);
            assertThat(e.after()).isEqualTo("port " + moved.to());
        });
        assertThat(audit.verify().ok()).isTrue();

        int chosen = free.allocate();
        assertThat(moves.move("bob", "hello", "staging", chosen).to()).isEqualTo(chosen);
        assertThat(get(chosen)).isEqualTo("200 hello/staging #1");
    }

    @Test
    void movePortRefusesWhatItCannotUseAndChangesNothing() throws Exception {
        Server server = server(free);
        deploy(server, "hello", "staging");
        deploy(server, "other", "staging");
        int port = port("hello", "staging");
        PortMoves moves = moves(server);

        try (ServerSocket holder = hold(free.allocate())) {
            Problem held = catchThrowableOfType(Problem.class,
                    () -> moves.move("alice", "hello", "staging", holder.getLocalPort()));
            assertThat(held.kind()).isEqualTo(Problem.Kind.CONFLICT);
            assertThat(held.getMessage()).contains("port " + holder.getLocalPort()).contains("pid " + OURS)
                    .contains("leave --port out");
        }
        Problem other = catchThrowableOfType(Problem.class,
                () -> moves.move("alice", "hello", "staging", port("other", "staging")));
        assertThat(other.kind()).isEqualTo(Problem.Kind.CONFLICT);
        assertThat(other.getMessage()).contains("staging of app 'other'");
        assertThat(catchThrowableOfType(Problem.class, () -> moves.move("alice", "hello", "staging", 70000)).kind())
                .isEqualTo(Problem.Kind.INVALID);
        assertThat(catchThrowableOfType(Problem.class, () -> moves.move("alice", "hello", "staging", port)).kind())
                .isEqualTo(Problem.Kind.INVALID);
        assertThat(catchThrowableOfType(Problem.class, () -> moves.move("alice", "hello", "nowhere", null)).kind())
                .isEqualTo(Problem.Kind.NOT_FOUND);

        assertThat(port("hello", "staging")).isEqualTo(port);
        assertThat(get(port)).isEqualTo("200 hello/staging #1");
        assertThat(audit.list("hello", 0, 100)).noneMatch(e -> e.action().equals("environment.port_moved"));
    }

    private PortMoves moves(Server server) {
        return new PortMoves(environments, new EnvironmentLedger(environments, deployments, db, audit,
                Clock.systemUTC()), server.router(), free, server.deployer());
    }

    /** Each deployment is a real HTTP server on its own port answering "app/env #id"; it outlives the router. */
    static final class HttpTarget implements ProcessTarget {
        private final Map<Long, HttpServer> servers = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong pids = new java.util.concurrent.atomic.AtomicLong(1_000_000);

        @Override
        public RunningService start(Start start) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                byte[] body = (start.app() + "/" + start.environment() + " #" + start.deployment())
                        .getBytes(StandardCharsets.UTF_8);
                server.createContext("/", exchange -> {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.start();
                long pid = pids.incrementAndGet();
                servers.put(pid, server);
                return new RunningService(pid, 1, server.getAddress().getPort(), "/nowhere");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public RunningService restart(Start start, RunningService previous) {
            return start(start);
        }

        @Override
        public void stop(RunningService service) {
            HttpServer server = servers.remove(service.pid());
            if (server != null) {
                server.stop(0);
            }
        }

        @Override
        public boolean isAlive(RunningService service) {
            return servers.containsKey(service.pid());
        }

        @Override
        public String name() {
            return "http";
        }

        @Override
        public void discard(String app, String environment, long deployment) {
        }

        void stopAll() {
            servers.values().forEach(s -> s.stop(0));
        }
    }
}
