package dev.slipway.environment;

import dev.slipway.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a per-branch environment away: its live service stopped, its public port closed, its directory removed and
 * its row deleted, in the environment's deployment queue so it never cuts a deployment short. The deployments stay
 * as history. Only ephemeral environments are torn down; staging or production never go away by themselves.
 */
public final class Teardowns {
    private static final Logger log = LoggerFactory.getLogger(Teardowns.class);
    /** How long a push that deleted a branch waits to report the teardown (a deployment in progress goes first). */
    static final Duration PUSH_WAIT = Duration.ofSeconds(60);

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final EnvironmentLedger ledger;
    private final Router router;
    private final Deployer deployer;
    private final Retirement retirement;

    public Teardowns(EnvironmentRepository environments, DeploymentRepository deployments, EnvironmentLedger ledger,
                     DeployTarget target, Router router, Deployer deployer) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.router = router;
        this.deployer = deployer;
        this.retirement = new Retirement(deployments, target);
    }

    /**
     * Queues the teardown behind any deployment of the environment in progress. The future holds the environment
     * as it was, or is empty when it was gone by the time the teardown's turn came.
     *
     * @throws Problem NOT_FOUND for an unknown environment, INVALID for one that is not per-branch
     */
    public CompletableFuture<Optional<Environment>> tearDown(String actor, String app, String environment, String reason) {
        return tearDown(actor, app, environment, reason, env -> true);
    }

    /** As above, but only if {@code stillDue} holds for the environment when the teardown's turn comes. */
    CompletableFuture<Optional<Environment>> tearDown(String actor, String app, String environment, String reason,
                                                      Predicate<Environment> stillDue) {
        Environment env = environments.require(app, environment);
        if (!env.ephemeral()) {
            throw Problem.invalid("environment '" + environment + "' of app '" + app + "' is not a per-branch "
                    + "(ephemeral) environment, so it is never torn down; only dev-<branch> environments are");
        }
        return deployer.inQueue(app, environment, () -> environments.find(app, environment)
                .filter(Environment::ephemeral).filter(stillDue)
                .flatMap(current -> carryOut(actor, current, reason)));
    }

    /** The branch was deleted: tears down its environments and says, in lines for the pusher, what became of them. */
    public List<String> branchDeleted(String actor, String app, String branch) {
        String reason = "branch " + branch + " deleted";
        Map<String, CompletableFuture<Optional<Environment>>> started = new LinkedHashMap<>();
        for (Environment env : environments.list(app)) {
            if (branch.equals(env.branch())) {
                // a push of the branch that comes back meanwhile wins: its deployment is queued after this
                started.put(env.name(), tearDown(actor, app, env.name(), reason));
            }
        }
        List<String> lines = new ArrayList<>();
        if (started.isEmpty()) {
            lines.add(reason + "; it had no environment to tear down");
        }
        long deadline = System.nanoTime() + PUSH_WAIT.toNanos();
        started.forEach((name, teardown) -> lines.add(name + " " + outcome(teardown, deadline) + " (" + reason + ")"));
        return lines;
    }

    private static String outcome(CompletableFuture<Optional<Environment>> teardown, long deadline) {
        try {
            teardown.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "torn down";
        } catch (TimeoutException e) {
            return "will be torn down once its deployment in progress finishes";
        } catch (ExecutionException e) {
            return "could not be torn down: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "will be torn down once its deployment in progress finishes";
        }
    }

    /**
     * The decision is committed first (row deleted, live deployment RETIRED, audited); the rest only cleans up. A
     * crash in between is settled at the next start: Recovery stops processes of deployments no longer live.
     */
    private Optional<Environment> carryOut(String actor, Environment env, String reason) {
        Deployment live = env.live().flatMap(id -> deployments.find(env.app(), id)).orElse(null);
        List<Deployment> parked = deployments.parked(env.app(), env.name());
        if (!ledger.tornDown(actor, env, live, reason)) {
            return Optional.empty();
        }
        List<Deployment> running = new ArrayList<>(parked);
        if (live != null) {
            running.add(live);
        }
        router.release(env.port());
        retirement.clear(env, running);
        log.info("{}/{}: torn down ({})", env.app(), env.name(), reason);
        return Optional.of(env);
    }
}
