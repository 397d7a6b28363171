package dev.slipway.boot;

import dev.slipway.Background;
import dev.slipway.environment.BlueGreen;
import dev.slipway.environment.BranchDeployments;
import dev.slipway.environment.DeployQueue;
import dev.slipway.environment.DeployedSpec;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.DeploymentLedger;
import dev.slipway.environment.EnvironmentLedger;
import dev.slipway.environment.EnvironmentSweeps;
import dev.slipway.environment.Convergence;
import dev.slipway.environment.Fleet;
import dev.slipway.environment.FleetPlans;
import dev.slipway.environment.FleetStatus;
import dev.slipway.environment.docker.DockerEngines;
import dev.slipway.environment.kubernetes.KubernetesEngines;
import dev.slipway.environment.DeploymentManifests;
import dev.slipway.promotion.ReleaseTags;
import dev.slipway.store.SqlPromotionRepository;
import dev.slipway.environment.TargetEngines;
import dev.slipway.target.TargetKind;
import dev.slipway.target.docker.TargetEngine;
import dev.slipway.environment.Environments;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.PortMoves;
import dev.slipway.environment.PushDeployAccess;
import dev.slipway.environment.Recovery;
import dev.slipway.environment.RegistryCopies;
import dev.slipway.environment.RestartPolicies;
import dev.slipway.environment.ServiceConditions;
import dev.slipway.environment.Supervisor;
import dev.slipway.environment.WatchClaims;
import dev.slipway.environment.TargetHealth;
import dev.slipway.environment.Teardowns;
import dev.slipway.environment.WatchWindows;
import dev.slipway.environment.Watchdog;
import dev.slipway.environment.Environment;
import dev.slipway.environment.Router;
import dev.slipway.environment.local.LocalRouter;
import dev.slipway.environment.local.ProcessRouter;
import dev.slipway.environment.local.RouterFiles;
import dev.slipway.environment.local.LocalTarget;
import dev.slipway.image.ImageCopy;
import dev.slipway.image.RegistryClient;
import dev.slipway.process.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * Step 5, environments on this host: the local target and router, the deployer (one deployment at a time per
 * environment; an image copied to its environment's external registry first), push deploys, teardowns and sweeps, port moves, recovery, and the one {@link Environments} view.
 */
record EnvironmentWiring(Fleet target, Router router, Deployer deployer, DeploymentLedger deploymentLedger,
                         BranchDeployments branchDeployments, Teardowns teardowns, EnvironmentSweeps sweeps,
                         Environments environments, PortMoves portMoves, Recovery recovery, Supervisor supervisor,
                         WatchClaims watchClaims, Runnable routerSync, Convergence convergence,
                         FleetStatus fleetStatus) {
    /** How often the live containers of environments on targets are probed for health (convergence: their interval). */
    static final Duration HEALTH_TICK = Duration.ofSeconds(1);

    /** How long a router process may take to start and answer (a JVM start on a busy machine). */
    private static final Duration ROUTER_START = Duration.ofSeconds(30);

    static EnvironmentWiring wire(ServerConfig config, Path data, Sandbox sandbox, StoreWiring store, AuthWiring auth,
                                  SourceWiring sources, SecretWiring secrets, TargetWiring targets,
                                  RegistryWiring registry, Closer closer) {
        var envs = store.environments();
        var deployments = store.deployments();
        PortAllocator ports = new PortAllocator(Startup.address(config.host()));
        Router router = router(config, data, closer);
        LocalTarget local = new LocalTarget(data.resolve("environments"), sources.artifacts(), ports, sandbox,
                (app, digest) -> sources.images().findImage(app, digest).isPresent(), registry.publicUrl().registry());
        // a server that stopped without closing its engines left their TLS files: removed before any is opened
        Path engineKeys = TargetEngine.clearKeys(data.resolve("engine-keys"));
        DockerEngines dockerEngines = closer.push(new DockerEngines(targets.targets(), registry::pullCredential, engineKeys,
                ports, data.resolve("environments")));
        KubernetesEngines clusters = closer.push(new KubernetesEngines(targets.targets(), registry::pullCredential,
                new DeploymentManifests(deployments, envs, store.runs(), sources.pipelineFiles(), sources.source(),
                        new ReleaseTags(sources.images(), sources.serverTags(),
                                new SqlPromotionRepository(store.db()))::releaseTagOf),
                data.resolve("environments")));
        TargetEngines engines = TargetEngines.byKind(Map.of(TargetKind.DOCKER, dockerEngines, TargetKind.KUBERNETES,
                clusters));
        ExecutorService deployPool = Executors.newCachedThreadPool(Startup.named("deploy"));
        closer.push(() -> Background.stop("deployments", deployPool));
        FleetStatus fleetStatus = new FleetStatus(store.clock());
        FleetPlans plans = new FleetPlans(deployments, envs, store.runs(), sources.pipelineFiles(), targets.narrowing(),
                targets.targets());
        Fleet target = new Fleet(local, local, engines, plans, fleetStatus, data.resolve("environments"), deployPool,
                (app, digest) -> sources.images().findImage(app, digest).isPresent());
        DeploymentLedger deploymentLedger = new DeploymentLedger(deployments, store.db(), store.audit(), store.clock());
        BlueGreen blueGreen = new BlueGreen(envs, deployments, deploymentLedger, target, router,
                new DeployQueue(deployPool));
        Deployer deployer = new Deployer(envs, deployments, deploymentLedger, target, router, ports, blueGreen,
                secrets.source(), sandbox, new RegistryCopies(sources.images(), sources.artifacts(),
                        secrets.source(), new ImageCopy(), RegistryClient::connect),
                (release, env) -> DeployedSpec.registryOf(release, env, env.app(), store.runs(), sources.pipelineFiles()));
        Recovery recovery = new Recovery(envs, deployments, deploymentLedger, target, router, secrets.source(),
                blueGreen);
        if (config.stopServices()) {
            closer.push(recovery::stopServices); // else services outlive the server, and the next one adopts them
        }
        BranchDeployments branchDeployments = new BranchDeployments(deployer, new PushDeployAccess(auth.access()),
                targets.narrowing(), sources.source(), envs, store.runs(), store.clock());
        EnvironmentLedger environmentLedger = new EnvironmentLedger(envs, deployments, store.db(), store.audit(),
                store.clock());
        Teardowns teardowns = new Teardowns(envs, deployments, environmentLedger, target, router, deployer);
        WatchClaims claims = new WatchClaims();
        ServiceConditions conditions = new ServiceConditions();
        Supervisor supervisor = supervisor(store, sources, secrets, target, router, deployer, deploymentLedger, claims,
                conditions, closer);
        ScheduledExecutorService convergeTimer = Executors.newSingleThreadScheduledExecutor(Startup.named("converge"));
        closer.push(() -> Background.stop("convergence", convergeTimer));
        Convergence convergence = new Convergence(envs, deployments, deploymentLedger, deployer, target, engines, plans,
                fleetStatus, router, secrets.source(), convergeTimer);
        return new EnvironmentWiring(target, router, deployer, deploymentLedger, branchDeployments, teardowns,
                new EnvironmentSweeps(envs, deployments, sources.source(), teardowns, store.clock()),
                new Environments(envs, deployments, router, conditions, fleetStatus),
                new PortMoves(envs, environmentLedger, router, ports, deployer),
                recovery, supervisor, claims, router instanceof ProcessRouter process
                        ? () -> process.resync(envs.all().stream().map(Environment::port).collect(Collectors.toSet()))
                        : () -> { }, convergence, fleetStatus);
    }

    /**
     * --router local: inside this process. --router process: the data directory's router process (started if none
     * runs), left running when the server stops unless --stop-services stops the services too.
     */
    private static Router router(ServerConfig config, Path data, Closer closer) {
        if (config.router() == ServerConfig.RouterMode.LOCAL) {
            return closer.push(new LocalRouter(config.host()));
        }
        ProcessRouter router;
        try {
            router = ProcessRouter.connect(data, config.host(), ROUTER_START);
        } catch (IOException e) {
            throw new StartupException("the router process cannot be started: " + e.getMessage() + " (see "
                    + RouterFiles.in(data).log() + "), or run with --router local", e);
        }
        if (config.stopServices()) {
            closer.push(router::stopProcess); // closed after the services are stopped: pushed before them
        }
        return closer.push(router);
    }

    /**
     * Every running service watched and restarted by its policy; started once Recovery has run ({@link
     * Supervisor#start}), stopped before the services are when {@code --stop-services} stops them (pushed after {@code recovery::stopServices}).
     */
    private static Supervisor supervisor(StoreWiring store, SourceWiring sources, SecretWiring secrets,
                                         Fleet target, Router router, Deployer deployer,
                                         DeploymentLedger ledger, WatchClaims claims, ServiceConditions conditions,
                                         Closer closer) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Startup.named("supervisor"));
        RestartPolicies policies = new RestartPolicies(store.runs(), store.environments(), sources.pipelineFiles());
        Supervisor supervisor = new Supervisor(store.environments(), store.deployments(), ledger, deployer, target,
                router, secrets.source(), target, policies::of, claims, conditions, Supervisor.Settings.DEFAULT, timer);
        closer.push(() -> {
            supervisor.close();
            Background.stop("supervisor", timer);
        });
        return supervisor;
    }

    /**
     * The watch on every deployment that goes live, for as long as its pipeline file's {@code watch} says. Wired
     * after promotions, so that it hears of a finished deployment after the promotion engine, and stops before it.
     */
    Watchdog watch(StoreWiring store, SourceWiring sources, Closer closer) {
        ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(Startup.named("watch"));
        closer.push(() -> Background.stop("watchdog", watchTimer));
        WatchWindows windows = new WatchWindows(store.runs(), store.environments(), sources.pipelineFiles());
        Watchdog watchdog = new Watchdog(store.deployments(), deploymentLedger, deployer,
                new TargetHealth(target), windows::of, watchTimer, watchClaims);
        deployer.onFinished(watchdog::deploymentFinished);
        return watchdog;
    }
}
