package dev.slipway.environment;

import dev.slipway.pipeline.Durations;
import dev.slipway.pipeline.SourceRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Slipway tears down by itself: per-branch environments idle longer than their {@code ttl} (no deployment
 * created within it), checked periodically, and, at start-up, those whose branch was deleted while it was down.
 */
public final class EnvironmentSweeps {
    private static final Logger log = LoggerFactory.getLogger(EnvironmentSweeps.class);

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final SourceRepository source;
    private final Teardowns teardowns;
    private final Clock clock;

    public EnvironmentSweeps(EnvironmentRepository environments, DeploymentRepository deployments,
                             SourceRepository source, Teardowns teardowns, Clock clock) {
        this.environments = environments;
        this.deployments = deployments;
        this.source = source;
        this.teardowns = teardowns;
        this.clock = clock;
    }

    /** Tears down every per-branch environment idle longer than its ttl; returns their names once done. */
    public List<String> tearDownIdle() {
        return tearDown(env -> env.idleLimit().isPresent() && idle(env),
                env -> "idle for more than " + Durations.format(env.ttl()));
    }

    /** Tears down every per-branch environment whose branch is no longer in the app's repository. */
    public List<String> tearDownBranchless() {
        return tearDown(env -> !source.branchExists(env.app(), env.branch()),
                env -> "branch " + env.branch() + " no longer exists");
    }

    /** For a scheduler: one idle sweep that logs instead of throwing, so the next one still runs. */
    public void sweepIdle() {
        try {
            tearDownIdle();
        } catch (RuntimeException e) {
            log.error("the sweep for idle environments failed; it runs again later", e);
        }
    }

    private boolean idle(Environment env) {
        Instant lastActivity = deployments.history(env.app(), env.name(), 1).stream().findFirst()
                .map(Deployment::createdAt).filter(created -> created.isAfter(env.createdAt())).orElse(env.createdAt());
        return Duration.between(lastActivity, clock.instant()).compareTo(env.ttl()) > 0;
    }

    private List<String> tearDown(Predicate<Environment> due, Function<Environment, String> reason) {
        List<CompletableFuture<Optional<Environment>>> started = new ArrayList<>();
        for (Environment env : environments.all()) {
            try {
                if (env.ephemeral() && due.test(env)) {
                    // checked again in the environment's queue: a push may have deployed to it meanwhile
                    started.add(teardowns.tearDown(DeploymentLedger.SLIPWAY, env.app(), env.name(), reason.apply(env),
                            current -> current.ephemeral() && due.test(current)));
                }
            } catch (RuntimeException e) {
                log.error("{}/{}: cannot tear down: {}", env.app(), env.name(), e.toString());
            }
        }
        List<String> tornDown = new ArrayList<>();
        for (CompletableFuture<Optional<Environment>> teardown : started) {
            try {
                teardown.join().ifPresent(env -> tornDown.add(env.app() + "/" + env.name()));
            } catch (RuntimeException e) {
                log.error("a teardown failed", e);
            }
        }
        return tornDown;
    }
}
