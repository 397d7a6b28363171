package dev.slipway.environment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps probing a deployment's health for the environment's `watch` window (default 60 s) after it went live.
 * Three failed probes in a row inside the window put the previous version back — a redeployment of the artifact
 * that was live before, recorded as an automatic rollback — or, when there was none, are recorded and left to the
 * {@link Supervisor}'s restart policy. While it watches a deployment (its window, and a rollback it started), it
 * holds a {@link WatchClaims claim} on it, which the supervisor respects: one failure is never handled twice.
 */
public final class Watchdog {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    static final Duration DEFAULT_WATCH = Duration.ofSeconds(60);
    private static final Duration EVERY = Duration.ofMillis(250);
    private static final int FAILURES = 3;
    static final String WATCH_ACTOR = "slipway (watch)";

    /** Whether the deployment's service answers its health path with 2xx right now. */
    @FunctionalInterface
    public interface Probe {
        boolean healthy(Deployment deployment);
    }

    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final Deployer deployer;
    private final Probe probe;
    private final Function<Deployment, Optional<Duration>> watchOf;
    private final ScheduledExecutorService timer;
    private final WatchClaims claims;
    /** Per environment, the deployment a swap-back by the watch is restoring (not to be watched in turn). */
    private final java.util.Map<String, Long> restored = new java.util.concurrent.ConcurrentHashMap<>();

    public Watchdog(DeploymentRepository deployments, DeploymentLedger ledger, Deployer deployer, Probe probe,
                    Function<Deployment, Optional<Duration>> watchOf, ScheduledExecutorService timer) {
        this(deployments, ledger, deployer, probe, watchOf, timer, new WatchClaims());
    }

    /** {@code claims}: shared with the {@link Supervisor}, which leaves what the watch holds alone. */
    public Watchdog(DeploymentRepository deployments, DeploymentLedger ledger, Deployer deployer, Probe probe,
                    Function<Deployment, Optional<Duration>> watchOf, ScheduledExecutorService timer,
                    WatchClaims claims) {
        this.claims = claims;
        this.deployments = deployments;
        this.ledger = ledger;
        this.deployer = deployer;
        this.probe = probe;
        this.watchOf = watchOf;
        this.timer = timer;
    }

    /** Deployer.onFinished listener: starts watching every deployment that went live. */
    public void deploymentFinished(Deployment d) {
        boolean restoredByUs = restored.remove(d.app() + "/" + d.environment(), d.id());
        if (d.state() != DeploymentState.LIVE || WATCH_ACTOR.equals(d.actor()) || restoredByUs) {
            return; // an automatic rollback is not itself rolled back: that could flip-flop between two bad versions
        }
        Duration window = watchOf.apply(d).orElse(DEFAULT_WATCH);
        if (window.isZero() || window.isNegative()) {
            return;
        }
        Instant until = Instant.now().plus(window);
        claims.claim(d);
        timer.schedule(() -> check(d, until, 0), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(Deployment watched, Instant until, int failures) {
        try {
            Deployment now = deployments.find(watched.app(), watched.id()).orElse(watched);
            if (now.state() != DeploymentState.LIVE || Instant.now().isAfter(until)) {
                claims.release(watched);
                return; // replaced, rolled back or torn down meanwhile, or it came through its window
            }
            int failed = probe.healthy(now) ? 0 : failures + 1;
            if (failed >= FAILURES) {
                rollBack(now);
                return;
            }
            timer.schedule(() -> check(watched, until, failed), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            claims.release(watched);
            log.error("watching deployment {} of {} failed", watched.id(), watched.app(), e);
        }
    }

    private void rollBack(Deployment failing) {
        Optional<Deployment> previous = deployments.wentLive(failing.app(), failing.environment()).stream()
                .filter(d -> d.id() != failing.id() && !d.digest().equals(failing.digest()))
                .findFirst();
        String reason = "health check failed " + FAILURES + " times within the watch window after going live";
        ledger.autoRollback(failing, previous.map(Deployment::id).orElse(null), reason);
        if (previous.isEmpty()) {
            log.warn("{} of {}: {}; there is no earlier version to put back: its restart policy applies",
                    failing.environment(), failing.app(), reason);
            claims.release(failing);
            return;
        }
        List<Deployment> parked = deployments.parked(failing.app(), failing.environment());
        Optional<Deployment> warm = parked.stream().filter(p -> p.state() == DeploymentState.WARM).findFirst();
        boolean ready = parked.stream().anyMatch(p -> p.state() == DeploymentState.READY);
        if (warm.isPresent() && !ready) {
            // blue/green: the previous version is still running in the other slot — swap straight back to it
            log.warn("{} of {}: {}; swapping back to the warm slot", failing.environment(), failing.app(), reason);
            restored.put(failing.app() + "/" + failing.environment(), warm.get().id());
            deployer.swap(failing.app(), failing.environment(), WATCH_ACTOR)
                    .whenComplete((done, failed) -> claims.release(failing));
            return;
        }
        Deployment back = previous.get();
        log.warn("{} of {}: {}; putting back deployment #{} ({})", failing.environment(), failing.app(), reason,
                back.id(), back.digest());
        // released once done: if putting it back failed, the failing one is still live and its restart policy applies
        deployer.deploy(DeployOrder.watch(failing.environment(), back))
                .whenComplete((done, failed) -> claims.release(failing));
    }
}
