package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import dev.slipway.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler: each environment that runs on targets has a desired release (its LIVE deployment: digest, config,
 * slot), and every {@code converge_interval} each of its targets is asked what it runs and brought to that release —
 * a target bound later or back after being unreachable ({@code target.converged}), a container removed, stopped or
 * replaced by hand ({@code target.drift_corrected}); containers of the environment that are no longer wanted (an
 * unbound target's, a retired deployment's) are removed. Between looks, every second, the live containers' health is
 * probed and the router sends requests only to those that answer. Changes run in the environment's deploy queue, so
 * they never cross a deployment or a swap. It never retries a failed release: it converges to what is LIVE.
 */
public final class Convergence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Convergence.class);

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final Deployer deployer;
    private final Fleet fleet;
    private final TargetEngines engines;
    private final FleetPlans plans;
    private final FleetStatus status;
    private final Router router;
    private final Starts starts;
    private final ScheduledExecutorService timer;
    private final Map<String, Instant> nextLook = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Upstream>> routed = new ConcurrentHashMap<>();

    public Convergence(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                       Deployer deployer, Fleet fleet, TargetEngines engines, FleetPlans plans, FleetStatus status,
                       Router router, SecretSource secrets, ScheduledExecutorService timer) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.deployer = deployer;
        this.fleet = fleet;
        this.engines = engines;
        this.plans = plans;
        this.status = status;
        this.router = router;
        this.starts = new Starts(router, secrets);
        this.timer = timer;
        deployer.onFinished(d -> lookSoon(d.app(), d.environment()));
    }

    /** Starts looking, every {@code tick} (health) and each environment's converge_interval (convergence). */
    public void start(Duration tick) {
        timer.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The environment is looked at again at the next tick (a deployment finished there). */
    public void lookSoon(String app, String environment) {
        nextLook.remove(key(app, environment));
    }

    private void tick() {
        for (Environment env : environments.all()) {
            try {
                tick(env);
            } catch (RuntimeException e) {
                log.warn("{}/{}: cannot look at its targets: {}", env.app(), env.name(), e.toString());
            }
        }
    }

    private void tick(Environment env) {
        Optional<Deployment> live = liveOf(env);
        if (live.isEmpty() || !FleetHandle.isFleet(live.get().service())) {
            return;
        }
        String key = key(env.app(), env.name());
        Instant now = status.now();
        boolean due = !now.isBefore(nextLook.getOrDefault(key, Instant.MIN));
        if (due) {
            nextLook.put(key, now.plus(plans.of(env.app(), env.name(), live.get().id()).convergeInterval()));
        }
        if (queued.add(key)) {
            deployer.inQueue(env.app(), env.name(), () -> {
                try {
                    if (due) {
                        converge(env.app(), env.name());
                    } else {
                        reroute(env.app(), env.name());
                    }
                } finally {
                    queued.remove(key);
                }
                return null;
            });
        }
    }

    /** Compares every target of the environment with its release and puts each right; in the environment's queue. */
    void converge(String app, String environment) {
        Optional<Environment> env = environments.find(app, environment);
        Optional<Deployment> live = env.flatMap(this::liveOf);
        if (live.isEmpty() || !FleetHandle.isFleet(live.get().service())) {
            return;
        }
        FleetPlans.Plan plan = plans.of(app, environment, live.get().id());
        for (Target t : plan.targets()) {
            try {
                convergeOn(env.get(), live.get(), t);
            } catch (RuntimeException e) {
                log.warn("{}/{}: cannot converge target {}: {}", app, environment, t.name(), e.toString());
            }
        }
        Set<String> chosen = plan.targets().stream().map(Target::name).collect(Collectors.toSet());
        removeUnwanted(env.get(), live.get(), chosen);
        status.keepOnly(app, environment, chosen);
        reroute(app, environment);
    }

    private void convergeOn(Environment env, Deployment live, Target t) {
        DeployTarget engine = engines.engine(t);
        Optional<FleetStatus.TargetState> before = status.of(env.app(), env.name(), t.name());
        Optional<String> down = engine.unreachable();
        if (down.isPresent()) {
            status.saw(env.app(), env.name(), status.seen(t.name(), FleetStatus.Sync.UNREACHABLE, live.id(),
                    Optional.empty(), live.slot(), false, down.get(), Optional.empty()));
            return;
        }
        Optional<RunningService> found = engine.find(env.app(), env.name(), live.id());
        String drift = null;
        if (found.isPresent()) {
            boolean alive = engine.isAlive(found.get());
            Optional<Digest> digest = alive ? engine.digest(found.get()) : Optional.empty();
            if (alive && digest.map(live.digest()::equals).orElse(true)) {
                inSync(env, live, t, engine, found.get());
                return;
            }
            drift = alive ? "its container ran " + digest.get() + " instead" : "its container had stopped"
                    + engine.exitCode(found.get()).stream().mapToObj(code -> " (exit code " + code + ")")
                    .findFirst().orElse("");
            if (!engine.replacesInPlace()) { // a cluster rolls back to the release with its old pods serving
                engine.stop(found.get(), live.launch().stopGrace());
            }
        } else if (before.filter(s -> s.deployment() == live.id() && s.sync() != FleetStatus.Sync.UNREACHABLE)
                .isPresent()) {
            drift = "its container was gone";
        }
        boolean returned = before.filter(s -> s.sync() == FleetStatus.Sync.UNREACHABLE).isPresent();
        String what = returned ? "back after being unreachable since " + before.get().since()
                : drift != null ? drift : "the release did not run there (a target bound later, or new)";
        putBack(env, live, t, engine, returned || drift == null ? "target.converged" : "target.drift_corrected", what);
    }

    private void putBack(Environment env, Deployment live, Target t, DeployTarget engine, String action, String what) {
        status.saw(env.app(), env.name(), status.seen(t.name(), FleetStatus.Sync.CONVERGING, live.id(),
                Optional.empty(), live.slot(), false, what, Optional.empty()));
        log.info("{}/{}: target {}: {}; putting {} back", env.app(), env.name(), t.name(), what, live.digest().shortForm());
        try {
            DeployTarget.Start start = starts.of(live, env);
            RunningService started = engine.start(start);
            inSync(env, live, t, engine, started);
            ledger.targetConverged(live, t.name(), action, what);
        } catch (DeployFailedException | RuntimeException e) {
            String why = starts.masked(env.app(), e.getMessage());
            status.saw(env.app(), env.name(), status.seen(t.name(), engine.unreachable().isPresent()
                    ? FleetStatus.Sync.UNREACHABLE : FleetStatus.Sync.FAILED, live.id(), Optional.empty(), live.slot(),
                    false, why, Optional.empty()));
            log.warn("{}/{}: target {} could not be given {}: {}", env.app(), env.name(), t.name(),
                    live.digest().shortForm(), why);
        }
    }

    private void inSync(Environment env, Deployment live, Target t, DeployTarget engine, RunningService service) {
        engine.serve(service); // a cluster's Services changed by hand select the live slot again
        status.saw(env.app(), env.name(), status.seen(t.name(), FleetStatus.Sync.IN_SYNC, live.id(),
                Optional.of(live.digest()), live.slot(), engine.answersHealth(service, live.launch().liveness()), null,
                engine.upstreams(service).stream().findFirst()));
    }

    /**
     * Containers of the environment nobody wants any more: the live deployment's on a target no longer chosen, and
     * any of a deployment that is neither live nor parked (READY/WARM) — what a crash or an unreachable target left.
     */
    private void removeUnwanted(Environment env, Deployment live, Set<String> chosen) {
        Set<Long> wanted = new java.util.HashSet<>();
        wanted.add(live.id());
        deployments.parked(env.app(), env.name()).forEach(p -> wanted.add(p.id()));
        for (Map.Entry<String, DeployTarget> e : engines.all().entrySet()) {
            try {
                for (DeployTarget.InPlace in : e.getValue().inPlace()) {
                    boolean ours = in.app().equals(env.app()) && in.environment().equals(env.name());
                    boolean unwanted = !wanted.contains(in.deployment())
                            || (in.deployment() == live.id() && !chosen.contains(e.getKey()));
                    if (ours && unwanted) {
                        log.info("{}/{}: removing deployment {}'s container from target {} (not wanted there)",
                                env.app(), env.name(), in.deployment(), e.getKey());
                        e.getValue().find(env.app(), env.name(), in.deployment())
                                .ifPresent(s -> e.getValue().stop(s, live.launch().stopGrace()));
                    }
                }
            } catch (RuntimeException unreachable) {
                log.debug("target {} cannot be cleaned now: {}", e.getKey(), unreachable.toString());
            }
        }
    }

    /** Probes each in-sync container's health; the router gets those that answer (all of them if none does). */
    void reroute(String app, String environment) {
        Optional<Environment> env = environments.find(app, environment);
        Optional<Deployment> live = env.flatMap(this::liveOf);
        if (live.isEmpty() || !FleetHandle.isFleet(live.get().service())) {
            return;
        }
        List<Upstream> all = new ArrayList<>();
        List<Upstream> healthy = new ArrayList<>();
        for (FleetStatus.TargetState s : status.of(app, environment)) {
            if (s.deployment() != live.get().id() || s.sync() != FleetStatus.Sync.IN_SYNC || s.upstream().isEmpty()) {
                continue;
            }
            boolean answers = HealthCheck.answers(s.upstream().get(), live.get().launch().liveness());
            status.health(app, environment, s.target(), answers);
            all.add(s.upstream().get());
            if (answers) {
                healthy.add(s.upstream().get());
            }
        }
        List<Upstream> to = healthy.isEmpty() ? all : healthy;
        if (!to.isEmpty() && !to.equals(routed.get(key(app, environment)))) {
            router.route(app, environment, env.get().port(), to);
            routed.put(key(app, environment), List.copyOf(to));
        }
    }

    private Optional<Deployment> liveOf(Environment env) {
        return env.live().flatMap(id -> deployments.find(env.app(), id));
    }

    private static String key(String app, String environment) {
        return app + "/" + environment;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
