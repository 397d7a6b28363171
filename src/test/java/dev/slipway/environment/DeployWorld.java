package dev.slipway.environment;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import dev.slipway.environment.local.LocalRouter;
import dev.slipway.pipeline.BranchPatterns;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.ServiceSpec;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.pipeline.Strategy;
import dev.slipway.pipeline.SwapMode;
import dev.slipway.process.TestSandbox;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One server's environments at the level of their use cases: the real SQLite repositories and ledger, the real
 * router, a Deployer and a BlueGreen beside it on one queue, and an {@link InMemoryTarget} (which passes the target
 * contract) for the services. {@link #restarted()} is the next server over the same database and host.
 */
final class DeployWorld implements AutoCloseable {
    static final String APP = "hello";
    static final Launch LAUNCH = new Launch("./serve", "/healthz", Duration.ofSeconds(5), Map.of());

    final Path dir;
    final Database db;
    final SqlEnvironmentRepository environments;
    final SqlDeploymentRepository deployments;
    final AuditLog audit;
    final DeploymentLedger ledger;
    final InMemoryTarget target;
    final LocalRouter router = new LocalRouter("127.0.0.1", Duration.ofMillis(100));
    final ExecutorService pool = Executors.newCachedThreadPool();
    final BlueGreen blueGreen;
    final Deployer deployer;
    private final boolean owner;
    private boolean closed;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DeployWorld() throws Exception {
        this(Files.createTempDirectory("slipway-deploy"), new InMemoryTarget(), true);
        new SqlAppRepository(db).create(new App(APP, Clock.systemUTC().instant()), () -> { });
    }

    private DeployWorld(Path dir, InMemoryTarget target, boolean owner) {
        this.dir = dir;
        this.owner = owner;
        this.db = Database.open(Database.sqliteUrl(dir));
        this.environments = new SqlEnvironmentRepository(db);
        this.deployments = new SqlDeploymentRepository(db);
        this.audit = new AuditLog(new SqlAuditRepository(db), Clock.systemUTC());
        this.ledger = new DeploymentLedger(deployments, db, audit, Clock.systemUTC());
        this.target = target;
        this.blueGreen = new BlueGreen(environments, deployments, ledger, target, router, new DeployQueue(pool));
        this.deployer = new Deployer(environments, deployments, ledger, target, router,
                new PortAllocator(InetAddress.getLoopbackAddress()), blueGreen, TestSandbox.hiding());
    }

    /** The next server after this one stopped without stopping its services: same database, same host. */
    DeployWorld restarted() {
        closeServer();
        return new DeployWorld(dir, target.restarted(), true);
    }

    Recovery recovery() {
        return new Recovery(environments, deployments, ledger, target, router, SecretSource.NONE, blueGreen);
    }

    static Digest version(int n) {
        return Digest.ofBytes(("version " + n).getBytes());
    }

    static Release release(int n) {
        return new Release(version(n), Integer.toString(n).repeat(40).substring(0, 40), n);
    }

    Deployment push(String environment, int version) {
        return deployer.deploy(DeployOrder.push(APP, environment, release(version), "alice", LAUNCH)).join();
    }

    /** A push into a blue/green environment of that name, as its pipeline entry would order it. */
    Deployment pushBlueGreen(String environment, int version, SwapMode swap, Duration keepWarm) {
        return pushingBlueGreen(environment, version, swap, keepWarm).join();
    }

    /** {@link #pushBlueGreen}, not waited for. */
    java.util.concurrent.CompletableFuture<Deployment> pushingBlueGreen(String environment, int version, SwapMode swap,
                                                                         Duration keepWarm) {
        return deployer.deploy(DeployOrder.push(APP, environment, spec(environment, Strategy.BLUEGREEN, swap, keepWarm,
                List.of()), null, release(version), "alice", new ServiceSpec("./serve", "/healthz",
                Duration.ofSeconds(5))));
    }

    /** What `slipway status` reads of the environment. */
    EnvironmentStatus status(String environment) {
        return new Environments(environments, deployments, router).status(APP).stream()
                .filter(s -> s.environment().name().equals(environment)).findFirst().orElseThrow();
    }

    /** A push with verify steps, into a recreate environment. */
    Deployment pushVerified(String environment, int version, List<StepSpec> verify) {
        return deployer.deploy(DeployOrder.push(APP, environment, spec(environment, Strategy.RECREATE, SwapMode.AUTO,
                null, verify), null, release(version), "alice", new ServiceSpec("./serve", "/healthz",
                Duration.ofSeconds(5)))).join();
    }

    private static EnvironmentSpec spec(String name, Strategy strategy, SwapMode swap, Duration keepWarm,
                                        List<StepSpec> verify) {
        return new EnvironmentSpec(name, BranchPatterns.of(List.of("main")), List.of(), false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, strategy, swap, Optional.ofNullable(keepWarm),
                Optional.empty(), verify, Map.of(), List.of());
    }

    Deployment reload(Deployment d) {
        return deployments.find(d.app(), d.id()).orElseThrow();
    }

    Environment environment(String name) {
        return environments.find(APP, name).orElseThrow();
    }

    Optional<Deployment> live(String name) {
        return environment(name).live().flatMap(id -> deployments.find(APP, id));
    }

    /** What the environment's public address answers now ("hello/staging #3"), or the status when it is not 200. */
    String serving(String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(router.url(environment(name).port())
                + "/")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "status " + response.statusCode();
    }

    private void closeServer() {
        if (closed) {
            return;
        }
        closed = true;
        deployer.drain();
        pool.shutdownNow();
        try {
            router.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        db.close();
    }

    @Override
    public void close() throws Exception {
        closeServer();
        target.stopAll();
        if (owner && Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
