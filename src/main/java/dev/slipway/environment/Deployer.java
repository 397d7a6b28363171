package dev.slipway.environment;

import dev.slipway.pipeline.RegistrySpec;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an artifact into an environment: start the new version, wait for health, verify it, then either move the
 * router and retire the previous version (recreate) or hand it to {@link BlueGreen} to wait in the idle slot. At most
 * one deployment per environment runs at a time; others queue in order ({@link DeployQueue}, shared with BlueGreen).
 */
public final class Deployer {
    private static final Logger log = LoggerFactory.getLogger(Deployer.class);

    /** A deployment as recorded (QUEUED) and its outcome once carried out. */
    public record Queued(Deployment deployment, CompletableFuture<Deployment> result) {}

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final DeployTarget target;
    private final Router router;
    private final EnvironmentPorts ports;
    private final Clock clock;
    private final Starts starts;
    private final Sandbox sandbox;
    private final DeployQueue queue;
    private final Retirement retirement;
    private final BlueGreen blueGreen;
    private final ImageCopies copies;
    private final java.util.function.BiFunction<Release, Environment, Optional<RegistrySpec>> rollbackRegistry;

    public Deployer(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, IntSupplier ports, BlueGreen blueGreen, Sandbox sandbox) {
        this(environments, deployments, ledger, target, router, ports, blueGreen, SecretSource.NONE, sandbox);
    }

    public Deployer(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, IntSupplier ports, BlueGreen blueGreen, SecretSource secrets,
                    Sandbox sandbox) {
        this(environments, deployments, ledger, target, router, ports, blueGreen, secrets, sandbox, ImageCopies.NONE);
    }

    /**
     * {@code sandbox} runs the environments' verify steps; {@code blueGreen} shares this deployer's queue;
     * {@code copies} puts an image where its environment's {@code registry:} says, before its service starts.
     */
    public Deployer(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, IntSupplier ports, BlueGreen blueGreen, SecretSource secrets,
                    Sandbox sandbox, ImageCopies copies) {
        this(environments, deployments, ledger, target, router, ports, blueGreen, secrets, sandbox, copies,
                (release, env) -> Optional.empty());
    }

    /**
     * {@code rollbackRegistry}: where a rolled-back version's image goes, as the pipeline file it was built with says
     * for the environment (a rollback moves the registry's env- tag back too).
     */
    public Deployer(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, IntSupplier ports, BlueGreen blueGreen, SecretSource secrets,
                    Sandbox sandbox, ImageCopies copies,
                    java.util.function.BiFunction<Release, Environment, Optional<RegistrySpec>> rollbackRegistry) {
        this.rollbackRegistry = rollbackRegistry;
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.clock = ledger.clock();
        this.target = target;
        this.router = router;
        this.ports = new EnvironmentPorts(environments, deployments, router, ports);
        this.starts = new Starts(router, secrets);
        this.sandbox = sandbox;
        this.queue = blueGreen.queue();
        this.retirement = new Retirement(deployments, target);
        this.blueGreen = blueGreen;
        this.copies = copies;
    }

    /**
     * Blue/green: swaps the environment to its READY deployment, or back to its WARM one if none is READY (an
     * instant rollback), after any deployment queued before; the live one goes WARM. Completes with the new live one.
     */
    public CompletableFuture<Deployment> swap(String app, String environment, String actor) {
        return blueGreen.swap(app, environment, actor);
    }

    /** Records the deployment QUEUED now and carries it out after any earlier deployment of the same environment. */
    public CompletableFuture<Deployment> deploy(DeployOrder order) {
        return queue(order).result();
    }

    /** As {@link #deploy}, also handing back the recorded deployment at once (its id, before it is carried out). */
    public Queued queue(DeployOrder order) {
        Environment env = environmentFor(order);
        Release release = order.release();
        Deployment queued = ledger.create(new NewDeployment(order.app(), env.name(), release.digest(),
                release.commit(), release.run(), order.trigger(), order.actor(), order.launch(), clock.instant()));
        return new Queued(queued, inQueue(order.app(), env.name(), () -> complete(queued, order)));
    }

    /** Whether any deployment (whatever its outcome) of the run's artifact to this environment was ever recorded. */
    public boolean hasDeployed(String app, String environment, long run) {
        return deployments.history(app, environment, 200).stream().anyMatch(d -> d.run() == run);
    }

    /** Tells {@code listener} about every deployment that has finished (whatever its outcome), after its caller. */
    public void onFinished(Consumer<Deployment> listener) {
        queue.listeners().add(listener);
    }

    /**
     * Runs {@code task} after every deployment (or task) queued so far for the environment; whatever is queued
     * later waits for it. The future completes with the task's result, or exceptionally if it threw.
     */
    public <T> CompletableFuture<T> inQueue(String app, String environment, Supplier<T> task) {
        return queue.inQueue(app, environment, task);
    }

    /** The order's environment, created (with its public port open) if needed; a push sets its ttl. */
    private Environment environmentFor(DeployOrder order) {
        String branch = order.branch().orElse(null);
        Environment env = environments.ensure(order.app(), order.environment(), order.specName(), branch,
                ports::pick, clock.instant());
        // checked here too, where the row is made: two branches' first runs may both have found it free
        if (branch != null && env.branch() != null && !env.branch().equals(branch)) {
            throw new EnvironmentTakenException(env.name(), env.branch(), branch);
        }
        // the ttl is the pipeline file's; promotions and rollbacks carry no pipeline file, so they leave it alone
        Duration ttl = order.ttl().orElse(null);
        if (order.trigger() == DeploymentTrigger.PUSH && env.ephemeral() && !Objects.equals(env.ttl(), ttl)) {
            environments.setTtl(env.app(), env.name(), ttl);
        }
        return ports.open(env);
    }

    private Deployment complete(Deployment queued, DeployOrder order) {
        Deployment outcome;
        try {
            // looked up again: a teardown queued before this deployment may have removed the environment meanwhile
            outcome = carryOut(queued, environmentFor(order), order);
        } catch (RuntimeException e) {
            log.error("deployment {} of {} to {} errored", queued.id(), queued.app(), queued.environment(), e);
            String reason = "Slipway failed: " + e;
            if (!ledger.move(queued, DeploymentState.DEPLOYING, DeploymentState.ERRORED, reason)) {
                ledger.move(queued, DeploymentState.QUEUED, DeploymentState.ERRORED, reason);
            }
            outcome = deployments.find(queued.app(), queued.id()).orElse(queued);
        }
        queue.listeners().announce(outcome);
        return outcome;
    }

    private Deployment carryOut(Deployment queued, Environment env, DeployOrder order) {
        if (!ledger.move(queued, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null)) {
            return reload(queued);
        }
        Rollout rollout = order.rollout();
        if (rollout.blueGreen()) {
            deployments.setSlot(queued.app(), queued.id(), blueGreen.idleSlot(env), rollout.keepWarm());
        }
        Deployment d = reload(queued);
        RunningService service;
        try {
            DeployTarget.Start start = starts.of(d, env);
            // before anything starts: what runs here must be what the environment's registry holds
            Optional<RegistrySpec> registry = order.registry().or(() -> order.trigger() == DeploymentTrigger.ROLLBACK
                    ? rollbackRegistry.apply(order.release(), env) : Optional.empty());
            if (registry.isPresent()) {
                copies.copy(d.app(), d.digest(), registry.get(), env.name());
            }
            // recorded before it is healthy: a crash while waiting must leave Recovery a process to reap
            service = target.start(start.reporting(spawned -> deployments.setService(d.app(), d.id(), spawned)));
        } catch (DeployFailedException e) {
            // the reason may quote the service's last output, which may print a secret
            ledger.move(d, DeploymentState.DEPLOYING, DeploymentState.FAILED, starts.masked(d.app(), e.getMessage()));
            retirement.retire(d, Optional.empty()); // the target stopped it
            return reload(d);
        }
        deployments.setService(d.app(), d.id(), service);
        Optional<String> unverified = verify(d, env, service, order.verify());
        if (unverified.isPresent()) {
            ledger.move(d, DeploymentState.DEPLOYING, DeploymentState.FAILED, unverified.get());
            retirement.retire(d, Optional.of(service));
            return reload(d);
        }
        if (rollout.blueGreen()) {
            return blueGreen.readyOrSwap(reload(d), env, rollout);
        }
        Deployment previous = liveOf(env).orElse(null);
        // a recreate deployment (a rollback, or the strategy changed) into a blue/green environment ends its WARM one
        List<Deployment> warm = deployments.parked(d.app(), env.name()).stream()
                .filter(p -> p.state() == DeploymentState.WARM).toList();
        target.serve(service);
        router.route(d.app(), env.name(), env.port(), target.upstreams(service));
        if (!ledger.goLive(d, previous == null ? null : previous.id())) {
            retirement.stop(reload(d));
            return reload(d);
        }
        // outside the environment's queue: the next deployment need not wait for the old processes to exit
        warm.forEach(old -> queue.aside(() -> retirement.retireQuietly(old)));
        if (previous != null) {
            queue.aside(() -> retirement.retireQuietly(previous));
        }
        return reload(d);
    }

    private Optional<Deployment> liveOf(Environment env) {
        return environments.find(env.app(), env.name()).flatMap(Environment::live)
                .flatMap(id -> deployments.find(env.app(), id));
    }

    /** Runs the environment's verify steps against the new version's own address, before any traffic reaches it. */
    private Optional<String> verify(Deployment d, Environment env, RunningService service, List<StepSpec> steps) {
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> vars;
        try {
            vars = new HashMap<>(starts.of(d, env).env());
        } catch (DeployFailedException e) {
            return Optional.of(starts.masked(d.app(), e.getMessage()));
        }
        vars.put("SLIPWAY_URL", target.address(service));
        UnaryOperator<String> mask = starts.masker(d.app());
        return Verification.run(sandbox, steps, Path.of(service.directory()), vars, mask,
                line -> log.info("[{}/{} #{}] {}", d.app(), env.name(), d.id(), line));
    }

    private Deployment reload(Deployment d) {
        return deployments.find(d.app(), d.id()).orElseThrow();
    }

    /** Waits for every queued deployment to finish; used on shutdown and by tests. */
    public void drain() {
        queue.drain();
    }
}
