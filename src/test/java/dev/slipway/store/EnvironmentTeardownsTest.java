package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentLedger;
import dev.slipway.environment.EnvironmentSweeps;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.ProcessTarget;
import dev.slipway.environment.Release;
import dev.slipway.environment.Router;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.Teardowns;
import dev.slipway.pipeline.SourceRepository;
import dev.slipway.process.TestSandbox;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Teardowns and the sweeps over the real SQL repositories and audit log (SQLite), with a clock the test moves and
 * a target and router that record what they were asked to do.
 */
class EnvironmentTeardownsTest extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Launch LAUNCH = new Launch("./run", "/healthz", Duration.ofSeconds(30), Map.of());

    private final MovableClock clock = new MovableClock(T0);
    private final RecordingTarget target = new RecordingTarget();
    private final RecordingRouter router = new RecordingRouter();
    private final Set<String> branches = new HashSet<>(Set.of("main", "feature/x", "feature/y"));
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SqlEnvironmentRepository environments;
    private SqlDeploymentRepository deployments;
    private AuditLog audit;
    private Deployer deployer;
    private Teardowns teardowns;
    private EnvironmentSweeps sweeps;

    @Override
    Kind kind() {
        return Kind.SQLITE;
    }

    @BeforeEach
    void setUp() {
        new SqlAppRepository(db).create(new App("hello", T0), () -> { });
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
        audit = new AuditLog(new SqlAuditRepository(db), clock);
        DeploymentLedger ledger = new DeploymentLedger(deployments, db, audit, clock);
        deployer = new Deployer(environments, deployments, ledger, target, router,
                new PortAllocator(InetAddress.getLoopbackAddress()),
                new BlueGreen(environments, deployments, ledger, target, router, new DeployQueue(pool)), TestSandbox.hiding());
        teardowns = new Teardowns(environments, deployments, new EnvironmentLedger(environments, deployments, db, audit,
                clock), target, router, deployer);
        sweeps = new EnvironmentSweeps(environments, deployments, new Branches(), teardowns, clock);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private Deployment deploy(String environment, String branch, Duration ttl) {
        return deployAsync(environment, branch, ttl).join();
    }

    private CompletableFuture<Deployment> deployAsync(String environment, String branch, Duration ttl) {
        DeployOrder push = DeployOrder.push("hello", environment,
                new Release(Digest.ofBytes(environment.getBytes()), "c".repeat(40), 1), "alice", LAUNCH);
        return deployer.deploy(branch == null ? push : push.forBranch("dev", branch, ttl));
    }

    private List<AuditEntry> auditOf(String action) {
        return audit.list("hello", 0, 1000).stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void anEnvironmentIdleLongerThanItsTtlIsTornDownAndItsHistoryStays() {
        Deployment first = deploy("dev-feature-x", "feature/x", Duration.ofHours(1));
        clock.set(T0.plus(Duration.ofMinutes(30)));
        Deployment live = deploy("dev-feature-x", "feature/x", Duration.ofHours(1));
        Environment env = environments.find("hello", "dev-feature-x").orElseThrow();
        assertThat(env.idleLimit()).contains(Duration.ofHours(1));

        clock.set(T0.plus(Duration.ofMinutes(90)));
        assertThat(sweeps.tearDownIdle()).as("the second deployment was an hour ago exactly").isEmpty();
        clock.set(T0.plus(Duration.ofMinutes(90)).plusMillis(1));
        assertThat(sweeps.tearDownIdle()).containsExactly("hello/dev-feature-x");

        assertThat(environments.find("hello", "dev-feature-x")).isEmpty();
        // the first is retired asynchronously after the second went live, so it may be stopped before or after
        assertThat(target.stopped).containsExactlyInAnyOrder(first.process().orElseThrow(), live.process().orElseThrow());
        assertThat(target.removed).containsExactly("hello/dev-feature-x");
        assertThat(router.released).containsExactly(env.port());
        Deployment retired = deployments.find("hello", live.id()).orElseThrow();
        assertThat(retired.state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(retired.reason()).isEqualTo("environment torn down: idle for more than 1h");
        assertThat(retired.service()).isNull();
        assertThat(deployments.history("hello", "dev-feature-x", 10)).extracting(Deployment::id)
                .containsExactly(live.id(), first.id());

        List<AuditEntry> tornDown = auditOf("environment.torn_down");
        assertThat(tornDown).hasSize(1);
        assertThat(tornDown.get(0).actor()).isEqualTo("slipway");
        assertThat(tornDown.get(0).subject()).isEqualTo("dev-feature-x");
        assertThat(tornDown.get(0).before()).isEqualTo(live.digest().toString());
        assertThat(tornDown.get(0).after()).isEqualTo("idle for more than 1h");
        assertThat(auditOf("deployment.retired")).extracting(AuditEntry::subject)
                .contains("deployment #" + live.id() + " of dev-feature-x");
        assertThat(audit.verify().ok()).isTrue();
        assertThat(sweeps.tearDownIdle()).as("nothing left to sweep").isEmpty();
    }

    @Test
    void withoutTtlOrWithoutBranchNothingIsEverIdle() {
        deploy("dev-feature-y", "feature/y", null);
        deploy("staging", null, Duration.ofMinutes(1));
        clock.set(T0.plus(Duration.ofDays(400)));
        assertThat(sweeps.tearDownIdle()).isEmpty();
        assertThat(environments.list("hello")).extracting(Environment::name)
                .containsExactlyInAnyOrder("dev-feature-y", "staging");
        assertThat(environments.find("hello", "staging").orElseThrow().ttl()).as("only per-branch environments")
                .isNull();
    }

    @Test
    void theTtlFollowsTheNewestPushButNotAPromotion() {
        deploy("dev-feature-x", "feature/x", Duration.ofHours(1));
        deploy("dev-feature-x", "feature/x", Duration.ofHours(3));
        assertThat(environments.find("hello", "dev-feature-x").orElseThrow().idleLimit()).contains(Duration.ofHours(3));
        deployer.deploy(DeployOrder.promotion("hello", "dev-feature-x",
                new Release(Digest.ofBytes(new byte[1]), "d".repeat(40), 2), "bob", LAUNCH)).join();
        assertThat(environments.find("hello", "dev-feature-x").orElseThrow().idleLimit()).contains(Duration.ofHours(3));
    }

    @Test
    void onlyPerBranchEnvironmentsAreTornDown() {
        deploy("staging", null, null);
        Problem notPerBranch = catchThrowableOfType(Problem.class,
                () -> teardowns.tearDown("alice", "hello", "staging", "why not"));
        assertThat(notPerBranch.kind()).isEqualTo(Problem.Kind.INVALID);
        assertThat(notPerBranch.getMessage()).contains("'staging'").contains("not a per-branch");
        Problem unknown = catchThrowableOfType(Problem.class,
                () -> teardowns.tearDown("alice", "hello", "dev-nope", "why not"));
        assertThat(unknown.kind()).isEqualTo(Problem.Kind.NOT_FOUND);
        assertThat(environments.find("hello", "staging")).isPresent();
        assertThat(auditOf("environment.torn_down")).isEmpty();
    }

    @Test
    void aTeardownWaitsForTheDeploymentInProgress() throws Exception {
        deploy("dev-feature-x", "feature/x", null);
        target.gate = new CountDownLatch(1);
        CompletableFuture<Deployment> inProgress = deployAsync("dev-feature-x", "feature/x", null);
        assertThat(target.starting.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<Environment>> teardown =
                teardowns.tearDown("alice", "hello", "dev-feature-x", "branch feature/x deleted");
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(200)).atMost(java.time.Duration.ofSeconds(2))
                .until(() -> !teardown.isDone());

        target.gate.countDown();
        Deployment second = inProgress.get(10, TimeUnit.SECONDS);
        assertThat(teardown.get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(second.state()).as("it finished first").isEqualTo(DeploymentState.LIVE);
        assertThat(deployments.find("hello", second.id()).orElseThrow().state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(target.stopped).contains(second.process().orElseThrow());
        assertThat(environments.find("hello", "dev-feature-x")).isEmpty();
    }

    @Test
    void aPushQueuedBehindATeardownBringsTheEnvironmentBack() throws Exception {
        deploy("dev-feature-x", "feature/x", null);
        target.gate = new CountDownLatch(1);
        CompletableFuture<Deployment> inProgress = deployAsync("dev-feature-x", "feature/x", null);
        assertThat(target.starting.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<Environment>> teardown =
                teardowns.tearDown("alice", "hello", "dev-feature-x", "branch feature/x deleted");
        CompletableFuture<Deployment> comeback = deployAsync("dev-feature-x", "feature/x", null);
        target.gate.countDown();
        inProgress.get(10, TimeUnit.SECONDS);
        teardown.get(10, TimeUnit.SECONDS);

        Deployment back = comeback.get(10, TimeUnit.SECONDS);
        assertThat(back.state()).isEqualTo(DeploymentState.LIVE);
        Environment env = environments.find("hello", "dev-feature-x").orElseThrow();
        assertThat(env.live()).contains(back.id());
        assertThat(auditOf("environment.torn_down")).hasSize(1);
        assertThat(router.routes).containsEntry(env.port(), back.process().orElseThrow().port());
    }

    @Test
    void deletingABranchTearsDownItsEnvironmentsAndTellsThePusher() {
        Deployment live = deploy("dev-feature-x", "feature/x", null);
        deploy("dev-feature-y", "feature/y", null);
        deploy("staging", null, null);

        assertThat(teardowns.branchDeleted("alice", "hello", "feature/x"))
                .containsExactly("dev-feature-x torn down (branch feature/x deleted)");
        assertThat(teardowns.branchDeleted("alice", "hello", "feature/x"))
                .containsExactly("branch feature/x deleted; it had no environment to tear down");

        assertThat(environments.list("hello")).extracting(Environment::name)
                .containsExactlyInAnyOrder("dev-feature-y", "staging");
        AuditEntry entry = auditOf("environment.torn_down").get(0);
        assertThat(entry.actor()).isEqualTo("alice");
        assertThat(entry.before()).isEqualTo(live.digest().toString());
        assertThat(entry.after()).isEqualTo("branch feature/x deleted");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void anEnvironmentThatNeverWentLiveIsTornDownAsEmpty() {
        environments.ensure("hello", "dev-feature-x", "dev", "feature/x", () -> 39999, T0);
        assertThat(teardowns.branchDeleted("bob", "hello", "feature/x"))
                .containsExactly("dev-feature-x torn down (branch feature/x deleted)");
        assertThat(auditOf("environment.torn_down").get(0).before()).isEqualTo("empty");
        assertThat(target.stopped).isEmpty();
        assertThat(router.released).containsExactly(39999);
    }

    @Test
    void atStartUpEnvironmentsOfBranchesThatAreGoneAreTornDown() {
        deploy("dev-feature-x", "feature/x", null);
        deploy("dev-feature-y", "feature/y", null);
        deploy("staging", null, null);
        branches.remove("feature/x");

        assertThat(sweeps.tearDownBranchless()).containsExactly("hello/dev-feature-x");
        assertThat(environments.list("hello")).extracting(Environment::name)
                .containsExactlyInAnyOrder("dev-feature-y", "staging");
        AuditEntry entry = auditOf("environment.torn_down").get(0);
        assertThat(entry.actor()).isEqualTo("slipway");
        assertThat(entry.after()).isEqualTo("branch feature/x no longer exists");
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Starts nothing: hands out made-up services, optionally holding a start until the test opens the gate. */
    static final class RecordingTarget implements ProcessTarget {
        final List<RunningService> stopped = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final CountDownLatch starting = new CountDownLatch(1);
        volatile CountDownLatch gate;
        private final AtomicLong pids = new AtomicLong(1000);

        @Override
        public RunningService start(Start start) {
            starting.countDown();
            if (gate != null) {
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long pid = pids.incrementAndGet();
            return new RunningService(pid, 1, (int) (40000 + pid), "/tmp/" + pid);
        }

        @Override
        public RunningService restart(Start start, RunningService previous) {
            return start(start);
        }

        @Override
        public void stop(RunningService service) {
            stopped.add(service);
        }

        @Override
        public boolean isAlive(RunningService service) {
            return !stopped.contains(service);
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void discard(String app, String environment, long deployment) {
        }

        @Override
        public void removeEnvironment(String app, String environment) {
            removed.add(app + "/" + environment);
        }
    }

    static final class RecordingRouter implements Router {
        final Map<Integer, Integer> routes = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Integer> released = new ArrayList<>();

        @Override
        public void route(String app, String environment, int publicPort, int upstreamPort) {
            routes.put(publicPort, upstreamPort);
        }

        @Override
        public void route(String app, String environment, int publicPort,
                          java.util.List<dev.slipway.environment.Upstream> upstreams) {
            routes.put(publicPort, upstreams.get(0).port());
        }

        @Override
        public void unroute(String app, String environment, int publicPort) {
            routes.remove(publicPort);
        }

        @Override
        public void open(String app, String environment, int publicPort) {
        }

        @Override
        public synchronized void release(int publicPort) {
            routes.remove(publicPort);
            released.add(publicPort);
        }

        @Override
        public String url(int publicPort) {
            return "http://127.0.0.1:" + publicPort;
        }

        @Override
        public Optional<String> unavailable(int publicPort) {
            return Optional.empty();
        }

        @Override
        public boolean move(String app, String environment, int from, int to, java.util.function.BooleanSupplier commit) {
            throw new UnsupportedOperationException("no port moves in these tests");
        }
    }

    /** Only {@link #branchExists} is asked by the sweeps. */
    final class Branches implements SourceRepository {
        @Override
        public boolean branchExists(String app, String branch) {
            return branches.contains(branch);
        }

        @Override
        public Optional<byte[]> readFile(String app, String commit, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String treeId(String app, String commit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkout(String app, String commit, String branch, Path dir) {
            throw new UnsupportedOperationException();
        }
    }
}
