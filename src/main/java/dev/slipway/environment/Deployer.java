package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an artifact into an environment: start the new version, wait for health, move the router, retire and
 * stop the previous version. At most one deployment per environment runs at a time; others queue in order.
 */
public final class Deployer {
    private static final Logger log = LoggerFactory.getLogger(Deployer.class);

    /** A request to deploy; {@code specName} and {@code branch} describe the environment if it must be created. */
    public record Order(String app, String environment, String specName, String branch, Digest digest, String commit,
                        long run, DeploymentTrigger trigger, String actor, Launch launch) {}

    /** A deployment as recorded (QUEUED) and its outcome once carried out. */
    public record Queued(Deployment deployment, CompletableFuture<Deployment> result) {}

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final DeployTarget target;
    private final Router router;
    private final PortAllocator ports;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final List<Consumer<Deployment>> finished = new CopyOnWriteArrayList<>();

    public Deployer(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, PortAllocator ports, Executor executor) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.clock = ledger.clock();
        this.target = target;
        this.router = router;
        this.ports = ports;
        this.executor = executor;
    }

    /** Records the deployment QUEUED now and carries it out after any earlier deployment of the same environment. */
    public CompletableFuture<Deployment> deploy(Order order) {
        return queue(order).result();
    }

    /** As {@link #deploy}, also handing back the recorded deployment at once (its id, before it is carried out). */
    public Queued queue(Order order) {
        Environment env = environments.ensure(order.app(), order.environment(), order.specName(), order.branch(),
                ports::allocate, clock.instant());
        router.open(order.app(), env.name(), env.port());
        Deployment queued = ledger.create(new NewDeployment(order.app(), env.name(), order.digest(),
                order.commit(), order.run(), order.trigger(), order.actor(), order.launch(), clock.instant()));
        CompletableFuture<Deployment> result = new CompletableFuture<>();
        tails.compute(order.app() + "/" + env.name(), (key, tail) -> {
            CompletableFuture<?> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            return previous.handleAsync((ignored, error) -> {
                complete(result, queued, env);
                return null;
            }, executor);
        });
        return new Queued(queued, result);
    }

    /** Tells {@code listener} about every deployment that has finished (whatever its outcome), after its caller. */
    public void onFinished(Consumer<Deployment> listener) {
        finished.add(listener);
    }

    private void complete(CompletableFuture<Deployment> result, Deployment queued, Environment env) {
        Deployment outcome;
        try {
            outcome = carryOut(queued, env);
        } catch (RuntimeException e) {
            log.error("deployment {} of {} to {} errored", queued.id(), queued.app(), env.name(), e);
            ledger.move(queued, DeploymentState.DEPLOYING, DeploymentState.ERRORED, "Slipway failed: " + e);
            outcome = deployments.find(queued.app(), queued.id()).orElse(queued);
        }
        result.complete(outcome);
        for (Consumer<Deployment> listener : finished) {
            try {
                listener.accept(outcome);
            } catch (RuntimeException e) {
                log.error("a listener failed on deployment {} of {} to {}", queued.id(), queued.app(), env.name(), e);
            }
        }
    }

    private Deployment carryOut(Deployment d, Environment env) {
        if (!ledger.move(d, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null)) {
            return reload(d);
        }
        RunningService service;
        try {
            service = target.start(startOf(d, env));
        } catch (DeployFailedException e) {
            ledger.move(d, DeploymentState.DEPLOYING, DeploymentState.FAILED, e.getMessage());
            target.discard(d.app(), env.name(), d.id());
            return reload(d);
        }
        deployments.setService(d.app(), d.id(), service);
        Deployment previous = environments.find(d.app(), env.name()).flatMap(Environment::live)
                .flatMap(id -> deployments.find(d.app(), id)).orElse(null);
        router.route(d.app(), env.name(), env.port(), service.port());
        if (!ledger.goLive(d, previous == null ? null : previous.id())) {
            target.stop(service);
            return reload(d);
        }
        if (previous != null) {
            retire(previous);
        }
        return reload(d);
    }

    private void retire(Deployment previous) {
        previous.process().ifPresent(target::stop);
        deployments.setService(previous.app(), previous.id(), null);
        target.discard(previous.app(), previous.environment(), previous.id());
    }

    DeployTarget.Start startOf(Deployment d, Environment env) {
        Map<String, String> vars = new HashMap<>(d.launch().config());
        vars.put("SLIPWAY_APP", d.app());
        vars.put("SLIPWAY_ENV", env.name());
        vars.put("SLIPWAY_DIGEST", d.digest().toString());
        vars.put("SLIPWAY_COMMIT", d.commit());
        vars.put("SLIPWAY_URL", router.url(env.port()));
        return new DeployTarget.Start(d.app(), env.name(), d.id(), d.digest(), d.launch(), vars,
                line -> log.debug("[{}/{}] {}", d.app(), env.name(), line));
    }

    private Deployment reload(Deployment d) {
        return deployments.find(d.app(), d.id()).orElseThrow();
    }

    /** Waits for every queued deployment to finish; used on shutdown and by tests. */
    public void drain() {
        tails.values().forEach(CompletableFuture::join);
    }
}
