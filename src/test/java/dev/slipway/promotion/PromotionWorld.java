package dev.slipway.promotion;

import dev.slipway.Background;
import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Grant;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.auth.User;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.BlueGreen;
import dev.slipway.environment.DeployQueue;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Release;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentLedger;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.PipelineException;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.process.TestSandbox;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import dev.slipway.store.SqlGrantRepository;
import dev.slipway.store.SqlPromotionRepository;
import dev.slipway.store.SqlRunRepository;
import dev.slipway.store.SqlUserRepository;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The promotion use cases wired as boot wires them, over a real SQLite database, with a target that starts
 * services at once. {@link #restart} builds the promotion side again over the same database, as a new process would.
 */
final class PromotionWorld implements AutoCloseable {
    static final String APP = "hello";
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final String PIPELINE = """
            stages:
              - name: build
                jobs:
                  compile:
                    steps: [ { run: "true" } ]
                    artifact: [ "dist/" ]
            service:
              command: "./serve"
              health: /healthz
            environments:
              - name: dev
                branches: [ "*", "!main" ]
                ephemeral: true
              - name: staging
                branches: [ main ]
              - name: qa
                from: staging
                soak: 2s
              - name: production
                tags: [ "v*" ]
                from: staging
                approvals: { required: 1, role: releaser, not_author: true }
                config: { GREETING: "hello from prod" }
            """;

    final Clock clock;
    final Database db;
    final SqlRunRepository runs;
    final SqlEnvironmentRepository environments;
    final SqlDeploymentRepository deployments;
    final SqlPromotionRepository promotionRepository;
    final SqlGrantRepository grants;
    final SqlUserRepository users;
    final AuditLog audit;
    final Access access;
    final FakeTarget target = new FakeTarget();
    final Deployer deployer;
    final Map<String, String> pipelines = new ConcurrentHashMap<>();
    private final ExecutorService deployPool = Executors.newCachedThreadPool();
    private ScheduledExecutorService timer;
    /** Runs as each pipeline file is read for a promotion (a test may hold a gate evaluation there). */
    volatile Runnable beforeSpecRead = () -> { };
    Candidates candidates;
    PromotionEngine engine;
    Promotions promotions;
    Rollbacks rollbacks;

    PromotionWorld(Path dir, Clock clock) {
        this.clock = clock;
        db = Database.open(Database.sqliteUrl(dir));
        runs = new SqlRunRepository(db);
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
        promotionRepository = new SqlPromotionRepository(db);
        grants = new SqlGrantRepository(db);
        users = new SqlUserRepository(db);
        audit = new AuditLog(new SqlAuditRepository(db), clock);
        access = new Access(grants);
        new SqlAppRepository(db).create(new App(APP, T0), () -> { });
        DeploymentLedger ledger = new DeploymentLedger(deployments, db, audit, clock);
        deployer = new Deployer(environments, deployments, ledger, target, target,
                new PortAllocator(InetAddress.getLoopbackAddress()),
                new BlueGreen(environments, deployments, ledger, target, target, new DeployQueue(deployPool)),
                TestSandbox.hiding(dir));
        deployer.onFinished(d -> engine.deploymentFinished(d));
        wirePromotions();
    }

    private void wirePromotions() {
        timer = Executors.newSingleThreadScheduledExecutor();
        candidates = new Candidates(runs, environments, deployments, this::specOf);
        PromotionLedger ledger = new PromotionLedger(promotionRepository, db, audit, clock);
        Gates gates = new Gates(promotionRepository, deployments, access, clock);
        engine = new PromotionEngine(promotionRepository, ledger, gates, candidates, deployer, deployments, timer);
        promotions = new Promotions(promotionRepository, ledger, candidates, gates, engine, access);
        rollbacks = new Rollbacks(environments, deployments, candidates, deployer, access, audit);
    }

    /** A new process over the same database: the old timers are gone, recover() must bring them back. */
    void restart() {
        engine.close();
        wirePromotions();
        promotions.recover();
    }

    /** The timer the promotion engine of this world runs on. */
    ScheduledExecutorService timer() {
        return timer;
    }

    private Optional<PipelineSpec> specOf(Run run) {
        beforeSpecRead.run();
        try {
            return Optional.of(new PipelineParser().parse(pipelines.getOrDefault(run.commit(), PIPELINE)));
        } catch (PipelineException e) {
            return Optional.empty();
        }
    }

    Principal user(String name, Role role) {
        users.create(new User(name, T0));
        grants.put(new Grant(name, APP, role, T0));
        return new Principal(name);
    }

    static String commit(String seed) {
        return Digest.ofBytes(seed.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 40);
    }

    static Digest digestOf(String commit) {
        return Digest.ofBytes(("artifact of " + commit).getBytes(StandardCharsets.UTF_8));
    }

    /** A run of {@code commit} pushed by {@code pusher} that ended in {@code state} (with an artifact if SUCCEEDED). */
    Run run(String commit, String pusher, RunState state, String error) {
        Run run = runs.create(new NewRun(APP, "main", commit, "tree-" + commit, "sha256:pipe", pusher, clock.instant(),
                List.of()));
        if (state == RunState.SUCCEEDED) {
            runs.setArtifact(APP, run.number(), digestOf(commit), null);
        }
        runs.move(APP, run.number(), RunState.QUEUED, state, clock.instant(), error);
        return runs.find(APP, run.number()).orElseThrow();
    }

    /** A push of {@code commit} to {@code branch} whose run succeeded with {@code artifact}, built or reused. */
    Run pushed(String commit, String branch, String pusher, Digest artifact, Long reusedFrom) {
        Run run = runs.create(new NewRun(APP, branch, commit, "tree-" + commit, "sha256:pipe", pusher, clock.instant(),
                List.of()));
        runs.setArtifact(APP, run.number(), artifact, reusedFrom);
        runs.move(APP, run.number(), RunState.QUEUED, RunState.SUCCEEDED, clock.instant(), null);
        return runs.find(APP, run.number()).orElseThrow();
    }

    Run built(String commit, String pusher) {
        return run(commit, pusher, RunState.SUCCEEDED, null);
    }

    /** Deploys the run's artifact to the environment as a push would, and waits for the outcome. */
    Deployment pushDeploy(String environment, Run run) {
        return deployer.deploy(DeployOrder.push(APP, environment, new Release(run.artifact(), run.commit(), run.number()),
                run.pushedBy(), new Launch("./serve", "/healthz", Duration.ofSeconds(30), Map.of()))).join();
    }

    Optional<Deployment> live(String environment) {
        return environments.find(APP, environment).flatMap(e -> e.live()).flatMap(id -> deployments.find(APP, id));
    }

    Promotion promotion(long id) {
        return promotionRepository.find(APP, id).orElseThrow();
    }

    List<String> auditActions() {
        return audit.list(null, 0, 1000).stream().map(AuditEntry::action).toList();
    }

    @Override
    public void close() {
        // as Slipway.close: background work is stopped and waited for before the database closes
        engine.close();
        deployer.drain();
        Background.stop("deploy", deployPool);
        db.close();
    }
}
