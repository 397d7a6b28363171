package dev.slipway.boot;

import dev.slipway.Background;
import dev.slipway.app.Apps;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Checkpoints;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Bootstrap;
import dev.slipway.auth.Principal;
import dev.slipway.auth.TokenLifetimes;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.environment.BranchDeployments;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.Environment;
import dev.slipway.environment.Watchdog;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.environment.DeploymentLedger;
import dev.slipway.environment.EnvironmentLedger;
import dev.slipway.environment.EnvironmentSweeps;
import dev.slipway.environment.Environments;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.PortMoves;
import dev.slipway.environment.Recovery;
import dev.slipway.environment.Teardowns;
import dev.slipway.environment.SecretSource;
import dev.slipway.environment.local.LocalRouter;
import dev.slipway.environment.local.LocalTarget;
import dev.slipway.git.GitAccessFilter;
import dev.slipway.git.GitRemote;
import dev.slipway.git.GitStore;
import dev.slipway.git.JGitSource;
import dev.slipway.git.PushReceiver;
import dev.slipway.pipeline.JobAttempts;
import dev.slipway.pipeline.Leftovers;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.Pushes;
import dev.slipway.pipeline.RunEngine;
import dev.slipway.pipeline.RunLedger;
import dev.slipway.pipeline.Workspaces;
import dev.slipway.process.Sandbox;
import dev.slipway.promotion.Candidates;
import dev.slipway.promotion.Gates;
import dev.slipway.promotion.EnvPushes;
import dev.slipway.promotion.PromotionEngine;
import dev.slipway.promotion.PromotionLedger;
import dev.slipway.promotion.Promotions;
import dev.slipway.promotion.Rollbacks;
import dev.slipway.promotion.Swaps;
import dev.slipway.runner.LocalJobExecutor;
import dev.slipway.signing.SigningKey;
import dev.slipway.secret.RecentPipelineFiles;
import dev.slipway.store.SqlProtectionRepository;
import dev.slipway.secret.SecretPolicy;
import dev.slipway.secret.Secrets;
import dev.slipway.secret.UnreadableSecretException;
import dev.slipway.store.Database;
import dev.slipway.store.SqlAppRepository;
import dev.slipway.store.SqlArtifactRepository;
import dev.slipway.store.SqlStats;
import dev.slipway.store.SqlAuditRepository;
import dev.slipway.store.SqlGrantRepository;
import dev.slipway.store.SqlPromotionRepository;
import dev.slipway.store.SqlTokenRepository;
import dev.slipway.store.SqlUserRepository;
import dev.slipway.store.SqlDeploymentRepository;
import dev.slipway.store.SqlEnvironmentRepository;
import dev.slipway.store.SqlRunRepository;
import dev.slipway.store.SqlSecretRepository;
import dev.slipway.web.api.AccountsApi;
import dev.slipway.web.ApiServer;
import dev.slipway.web.api.MetricsEndpoint;
import dev.slipway.web.ui.AuditPage;
import dev.slipway.web.ui.Dashboard;
import dev.slipway.web.ui.RunPage;
import dev.slipway.web.ui.EnvironmentPage;
import dev.slipway.web.ui.DashboardActions;
import dev.slipway.web.api.AuditApi;
import dev.slipway.web.api.KeysApi;
import dev.slipway.web.api.AppsApi;
import dev.slipway.web.api.EnvironmentsApi;
import dev.slipway.web.api.PromotionsApi;
import dev.slipway.web.api.PortsApi;
import dev.slipway.web.api.ProtectionsApi;
import dev.slipway.auth.Protections;
import dev.slipway.web.api.RunsApi;
import dev.slipway.web.api.SecretsApi;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the whole server with constructors, in dependency order, and takes it down in reverse. */
public final class Slipway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Slipway.class);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final String url;
    private RunEngine engine;
    private Deployer deployer;
    private ApiServer api;

    private Slipway(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    public RunEngine engine() {
        return engine;
    }

    public Deployer deployer() {
        return deployer;
    }

    /** Every API route with the permission it requires. */
    public java.util.List<String> routeTable() {
        return api.routeTable();
    }

    public static Slipway start(ServerConfig config) {
        DataDirLock claim = Startup.claimDataDir(config.dataDir()); // a second server on this data dir stops here
        Path data = claim.dir();
        int port;
        try {
            port = config.port() == 0 ? Startup.freePort(config.host())
                    : Startup.checkPortFree(config.host(), config.port());
        } catch (RuntimeException e) {
            Startup.closeQuietly(claim);
            throw e;
        }
        Slipway slipway = new Slipway("http://" + config.host() + ":" + port);
        slipway.closeables.push(claim); // released last, once everything else has stopped
        try {
            slipway.wire(config, data, port);
            return slipway;
        } catch (RuntimeException e) {
            slipway.close();
            throw e;
        }
    }

    private void wire(ServerConfig config, Path data, int port) {
        Clock clock = Clock.systemUTC();
        Duration sweepEvery = Startup.idleSweepInterval();
        Sandbox sandbox = Startup.sandbox(config.isolation(), data, Startup.BWRAP);
        String dbUrl = config.db() != null ? config.db() : Database.sqliteUrl(data);
        if (config.db() == null) {
            Startup.privateDatabaseFiles(Database.sqliteFile(data));
        }
        closeables.push(Startup.lockDatabase(dbUrl)); // before migrating or recovering it
        Database db = Startup.open(dbUrl);
        closeables.push(db);
        log.info("database: {}", db.describe());
        SqlAppRepository appRepo = new SqlAppRepository(db);
        SqlRunRepository runs = new SqlRunRepository(db);
        SqlArtifactRepository artifactRecords = new SqlArtifactRepository(db);
        SqlEnvironmentRepository envs = new SqlEnvironmentRepository(db);
        SqlDeploymentRepository deployments = new SqlDeploymentRepository(db);
        SqlAuditRepository auditRepo = new SqlAuditRepository(db);
        AuditLog audit = new AuditLog(auditRepo, clock);
        SigningKey signingKey = Startup.signingKey(data);

        SqlUserRepository users = new SqlUserRepository(db);
        SqlTokenRepository tokens = new SqlTokenRepository(db);
        SqlGrantRepository grants = new SqlGrantRepository(db);
        SqlProtectionRepository protectionRepo = new SqlProtectionRepository(db);
        Access access = new Access(grants, protectionRepo);
        Accounts accounts = new Accounts(users, tokens, grants, appRepo, db, audit, clock,
                new TokenLifetimes(config.maxTokenLifetime(), access, tokens));
        Authenticator authenticator = new Authenticator(tokens, clock);
        new Bootstrap(accounts, users, db).ensureAdmin(data, config.adminToken());

        GitStore git = new GitStore(data.resolve("repos"));
        closeables.push(git);
        Apps apps = new Apps(appRepo, git, db, audit, clock);
        ArtifactStore artifacts = new ArtifactStore(data.resolve("artifacts"));
        JGitSource source = new JGitSource(git);
        PipelineFiles pipelineFiles = new PipelineFiles(source);
        RecentPipelineFiles fileSays = new RecentPipelineFiles(runs, pipelineFiles);
        Secrets secrets = new Secrets(new SqlSecretRepository(db), Startup.secretBox(data),
                new SecretPolicy(access, fileSays), db, audit, clock);
        SecretSource secretSource = secretSource(secrets);
        LogStore logs = new LogStore(data.resolve("logs"), clock, secretSource, config.jobLogLimit());

        InetAddress host = Startup.address(config.host());
        PortAllocator ports = new PortAllocator(host);
        LocalRouter router = new LocalRouter(config.host());
        closeables.push(router);
        LocalTarget target = new LocalTarget(data.resolve("environments"), artifacts, ports, sandbox);
        ExecutorService deployPool = Executors.newCachedThreadPool(Startup.named("deploy"));
        closeables.push(() -> Background.stop("deployments", deployPool));
        DeploymentLedger deploymentLedger = new DeploymentLedger(deployments, db, audit, clock);
        deployer = new Deployer(envs, deployments, deploymentLedger, target, router, ports, deployPool, secretSource, sandbox);
        closeables.push(new ServiceStopper(envs, deployments, target));
        BranchDeployments branchDeployments = new BranchDeployments(deployer, (user, app, env) -> access.decide(
                new Principal(user), Action.PUSH_DEPLOY, Place.of(app, env.name(), env.isProtected())),
                source, envs, runs, clock);

        ExecutorService coordinators = Executors.newCachedThreadPool(Startup.named("run"));
        ExecutorService jobPool = Executors.newFixedThreadPool(config.jobSlots(), Startup.named("job"));
        closeables.push(() -> {
            Background.stop("runs", coordinators);
            Background.stop("jobs", jobPool);
        });
        RunLedger runLedger = new RunLedger(runs, artifactRecords, db, audit, clock);
        JobAttempts attempts = new JobAttempts(runs, runLedger, source, new LocalJobExecutor(sandbox), artifacts, logs,
                data.resolve("work"));
        engine = new RunEngine(runs, runLedger, attempts, branchDeployments, coordinators, jobPool);
        closeables.push(engine);
        Pushes pushes = new Pushes(runs, runLedger, source, pipelineFiles, engine, artifacts, branchDeployments);

        EnvironmentLedger environmentLedger = new EnvironmentLedger(envs, deployments, db, audit, clock);
        Teardowns teardowns = new Teardowns(envs, deployments, environmentLedger, target, router, deployer);
        EnvironmentSweeps sweeps = new EnvironmentSweeps(envs, deployments, source, teardowns, clock);
        // before Recovery: an environment whose branch was deleted while we were down is not worth starting again
        Startup.recover("tearing down environments whose branch is gone", () -> sweeps.tearDownBranchless()
                .forEach(env -> log.info("{}: torn down, its branch no longer exists", env)));
        SqlPromotionRepository promotionRepo = new SqlPromotionRepository(db);
        ScheduledExecutorService promotionTimer = Executors.newSingleThreadScheduledExecutor(Startup.named("promotion"));
        Candidates candidates = new Candidates(runs, envs, deployments, pipelineFiles::specOf);
        PromotionLedger promotionLedger = new PromotionLedger(promotionRepo, db, audit, clock);
        Gates gates = new Gates(promotionRepo, deployments, access, clock);
        PromotionEngine promotionEngine = new PromotionEngine(promotionRepo, promotionLedger, gates, candidates,
                deployer, deployments, promotionTimer);
        closeables.push(promotionEngine);
        deployer.onFinished(promotionEngine::deploymentFinished);
        ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(Startup.named("watch"));
        closeables.push(() -> Background.stop("watchdog", watchTimer));
        deployer.onFinished(new Watchdog(deployments, deploymentLedger, deployer,
                d -> d.process().map(service -> target.answersHealth(service, d.launch().health())).orElse(false),
                d -> watchWindow(d, runs, envs, pipelineFiles), watchTimer)::deploymentFinished);
        Promotions promotions = new Promotions(promotionRepo, promotionLedger, candidates, gates, promotionEngine, access);
        Rollbacks rollbacks = new Rollbacks(envs, deployments, candidates, deployer, access, audit);

        Leftovers leftovers = new Leftovers(new Workspaces(data.resolve("work"), runs), artifacts);
        Startup.recover("removing what crashed runs left on disk", leftovers::atStart); // before any job can run
        Startup.recover("recovering deployments", new Recovery(envs, deployments, deploymentLedger, target, router,
                deployer)::run);
        Startup.recover("recovering promotions", promotions::recover);
        Startup.recover("recovering runs", pushes::recover);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(Startup.named("sweep"));
        closeables.push(() -> Background.stop("sweeps", sweeper));
        sweeper.scheduleWithFixedDelay(sweeps::sweepIdle, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(leftovers::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);

        Swaps swaps = new Swaps(envs, deployments, candidates, deployer, access);
        GitRemote remote = new GitRemote(git, appRepo, new PushReceiver(pushes, branchDeployments, teardowns, promotions,
                new EnvPushes(promotions, rollbacks, runs), pipelineFiles, url));
        ApiServer api = new ApiServer(config.host(), port, remote.servlet(), new GitAccessFilter(authenticator, access, appRepo),
                authenticator, access, new ApiServer.Parts(
                        new AppsApi(apps, git, url, access), new RunsApi(apps, runs, engine, logs),
                        new EnvironmentsApi(apps, new Environments(envs, deployments, router), target, secretSource),
                        new PortsApi(apps, new PortMoves(envs, environmentLedger, router, ports, deployer), fileSays, access),
                        new AccountsApi(accounts, access), new AuditApi(audit, new Checkpoints(auditRepo, signingKey, clock),
                                access), new SecretsApi(apps, secrets),
                        new PromotionsApi(apps, promotions, rollbacks, swaps),
                        new ProtectionsApi(apps, new Protections(protectionRepo, appRepo, db, audit, clock), access),
                        new Dashboard.Parts(new Dashboard(apps, access, new Environments(envs, deployments, router),
                                promotions, runs, pipelineFiles, clock),
                                new DashboardActions(apps, promotions, rollbacks, swaps),
                                new RunPage(apps, runs, logs, new Environments(envs, deployments, router), artifacts, clock),
                                new EnvironmentPage(apps, new Environments(envs, deployments, router), secrets),
                                new AuditPage(audit, access)), metrics(new SqlStats(db)), new KeysApi(signingKey)),
                new ApiServer.Feeds(runs, logs, db.changes(), clock, Startup.streamRecheckInterval()));
        this.api = api;
        try {
            api.start();
        } catch (RuntimeException e) {
            throw new StartupException(Startup.portMessage(config.host(), port), e);
        }
        closeables.push(api);
        log.info("Slipway is serving on {} (data: {})", url, data);
    }

    /** Services get their environment's secrets at each start; logs and recorded reasons get them masked. */
    private static SecretSource secretSource(Secrets secrets) {
        return new SecretSource() {
            @Override
            public Map<String, String> valuesFor(String app, String environment) {
                try {
                    return secrets.valuesFor(app, environment);
                } catch (UnreadableSecretException e) {
                    throw new SecretSource.Unreadable(e.getMessage(), e);
                }
            }

            @Override
            public UnaryOperator<String> maskerFor(String app) {
                return secrets.masker(app);
            }
        };
    }

    /** The `watch` of the deployment's environment, from the pipeline file it was built with. */
    private static Optional<Duration> watchWindow(Deployment d, SqlRunRepository runs, SqlEnvironmentRepository envs,
                                                  PipelineFiles files) {
        Optional<String> specName = envs.find(d.app(), d.environment()).map(Environment::specName);
        return runs.find(d.app(), d.run()).flatMap(files::specOf)
                .flatMap(spec -> specName.flatMap(spec::environment))
                .flatMap(EnvironmentSpec::watch);
    }

    private static MetricsEndpoint metrics(SqlStats stats) {
        return new MetricsEndpoint(List.of(
                new MetricsEndpoint.Family("slipway_runs", "runs recorded, by state", "state", stats::runsByState),
                new MetricsEndpoint.Family("slipway_deployments", "deployments recorded, by state", "state",
                        stats::deploymentsByState),
                new MetricsEndpoint.Family("slipway_promotions", "promotions recorded, by state", "state",
                        stats::promotionsByState)),
                List.of(new MetricsEndpoint.Single("slipway_apps", "apps", () -> stats.count("apps")),
                        new MetricsEndpoint.Single("slipway_environments", "environments", () -> stats.count("environments")),
                        new MetricsEndpoint.Single("slipway_audit_entries", "entries in the audit chain",
                                () -> stats.count("audit_entries"))));
    }

    /**
     * Stops in reverse order of start: HTTP first (no new pushes), then the background work (sweeps, watchdog,
     * promotion gates, runs, deployments: each stopped and waited for), services, router, and the database last.
     */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
