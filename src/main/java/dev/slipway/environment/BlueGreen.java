package dev.slipway.environment;

import dev.slipway.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Blue/green environments: a verified deployment waits READY in the idle slot, a swap moves the router to it in one
 * atomic change and keeps the version swapped away WARM for its keep_warm. Everything here runs in the environment's
 * {@link DeployQueue}, shared with the {@link Deployer} that hands it verified deployments, so a swap never races a
 * deployment. It never calls the deployer.
 */
public final class BlueGreen {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final DeployTarget target;
    private final Router router;
    private final DeployQueue queue;
    private final Retirement retirement;

    public BlueGreen(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                     DeployTarget target, Router router, DeployQueue queue) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.target = target;
        this.router = router;
        this.queue = queue;
        this.retirement = new Retirement(deployments, target);
    }

    /** The queue its swaps run in, which the deployments it is handed must share. */
    DeployQueue queue() {
        return queue;
    }

    /**
     * Blue/green: the healthy, verified deployment waits READY in the idle slot for `slipway swap`, replacing
     * whatever waited there before; it goes live at once if the environment swaps automatically or serves nothing.
     */
    Deployment readyOrSwap(Deployment d, Environment env, Rollout rollout) {
        if (!ledger.move(d, DeploymentState.DEPLOYING, DeploymentState.READY, null)) {
            retirement.stop(d);
            return reload(d);
        }
        Deployment ready = reload(d);
        if (rollout.autoSwap() || liveOf(env).isEmpty()) {
            swapTo(ready, env, DeploymentState.READY, DeploymentLedger.SLIPWAY);
            return reload(d);
        }
        for (Deployment older : deployments.parked(d.app(), env.name())) {
            if (older.id() == d.id()) {
                continue;
            }
            String reason = "replaced in the idle slot by deployment #" + d.id();
            DeploymentState to = older.state() == DeploymentState.READY ? DeploymentState.CANCELLED : DeploymentState.RETIRED;
            if (ledger.move(older, older.state(), to, reason)) {
                queue.aside(() -> retirement.retireQuietly(older));
            }
        }
        return reload(d);
    }

    /**
     * Swaps the environment to its READY deployment, or back to its WARM one if none is READY (an instant
     * rollback), after any deployment queued before; the live one goes WARM. Completes with the new live one.
     */
    CompletableFuture<Deployment> swap(String app, String environment, String actor) {
        return queue.inQueue(app, environment, () -> {
            Environment env = environments.require(app, environment);
            List<Deployment> parked = deployments.parked(app, environment);
            Deployment to = parked.stream().filter(p -> p.state() == DeploymentState.READY).findFirst()
                    .or(() -> parked.stream().filter(p -> p.state() == DeploymentState.WARM).findFirst())
                    .orElseThrow(() -> Problem.conflict(environment + " has no READY or WARM deployment to swap to "
                            + "(only blue/green environments have one, after a deployment or a swap): see `slipway status "
                            + app + "`"));
            if (to.service() == null || !target.isAlive(to.service())) {
                throw Problem.conflict("deployment #" + to.id() + " (" + to.state() + " in slot " + to.slotName().orElse("?")
                        + ") is not running any more, so traffic stays where it is: deploy again (see `slipway history "
                        + app + " " + environment + "`)");
            }
            if (!swapTo(to, env, to.state(), actor)) {
                throw Problem.conflict("deployment #" + to.id() + " changed state while swapping: see `slipway status "
                        + app + "` and try again");
            }
            return reload(to);
        });
    }

    /** One atomic router change, then the state moves; the old live one stays WARM for its keep_warm. */
    private boolean swapTo(Deployment d, Environment env, DeploymentState from, String actor) {
        RunningService service = d.process().orElseThrow(() -> new IllegalStateException(
                "deployment #" + d.id() + " is " + from + " but has no process recorded"));
        Deployment previous = liveOf(env).orElse(null);
        List<Deployment> retiring = deployments.parked(d.app(), env.name()).stream()
                .filter(p -> p.state() == DeploymentState.WARM && p.id() != d.id()).toList();
        target.serve(service);
        router.route(d.app(), env.name(), env.port(), target.upstreams(service));
        if (!ledger.swap(d, from, previous, actor)) {
            if (previous != null && previous.service() != null) {
                target.serve(previous.service());
                router.route(d.app(), env.name(), env.port(), target.upstreams(previous.service()));
            }
            return false;
        }
        retiring.forEach(old -> queue.aside(() -> retirement.retireQuietly(old)));
        if (previous != null) {
            Duration keepWarm = d.keepWarm() == null ? Rollout.DEFAULT_KEEP_WARM : d.keepWarm();
            coolLater(reload(previous), keepWarm, keepWarm);
        }
        queue.listeners().announce(reload(d)); // now LIVE: watched, and promotions waiting on it re-evaluated
        return true;
    }

    /**
     * A WARM deployment a restarted server adopted: its keep_warm timer did not survive, so it is armed again to end
     * when its keep_warm would have, counted from when it was swapped away (at once if that has passed).
     */
    void coolAfterRestart(Deployment warm) {
        Duration keepWarm = warm.keepWarm() == null ? Rollout.DEFAULT_KEEP_WARM : warm.keepWarm();
        Instant since = warm.retiredAt() == null ? ledger.clock().instant() : warm.retiredAt();
        Duration left = Duration.between(ledger.clock().instant(), since.plus(keepWarm));
        coolLater(warm, left.isNegative() ? Duration.ZERO : left, keepWarm);
    }

    /** After {@code delay}, stops the WARM deployment unless it has been swapped back (or away again) since. */
    private void coolLater(Deployment warm, Duration delay, Duration keepWarm) {
        Instant since = warm.retiredAt();
        queue.later(delay, warm.app(), warm.environment(), () -> {
            Deployment now = reload(warm);
            if (now.state() == DeploymentState.WARM && Objects.equals(now.retiredAt(), since)
                    && ledger.move(now, DeploymentState.WARM, DeploymentState.RETIRED, "kept warm for " + keepWarm)) {
                retirement.retireQuietly(now);
            }
        });
    }

    String idleSlot(Environment env) {
        return liveOf(env).flatMap(Deployment::slotName).filter("blue"::equals).map(live -> "green").orElse("blue");
    }

    private Deployment reload(Deployment d) {
        return deployments.find(d.app(), d.id()).orElseThrow();
    }

    private Optional<Deployment> liveOf(Environment env) {
        return environments.find(env.app(), env.name()).flatMap(Environment::live)
                .flatMap(id -> deployments.find(env.app(), id));
    }
}
