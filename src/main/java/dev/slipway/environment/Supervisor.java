package dev.slipway.environment;

import dev.slipway.Problem;
import dev.slipway.pipeline.RestartPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every running service (LIVE, READY, WARM): whether its process still runs, and whether it answers its
 * health check. One that stopped is recorded (audited, logged, shown as CRASHED or RESTARTING) and handled by its
 * {@code restart:} policy, after a {@link Backoff}. A deployment the {@link Watchdog} is watching is left to it:
 * inside the watch window a failure is rolled back, not restarted. Restarts run in the environment's deploy queue,
 * so they never overlap a deployment, swap or rollback of the same environment.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    public static final String ACTOR = "slipway (restart)";

    /** How often every service is looked at, and how many failed health probes in a row count as a failure. */
    public record Settings(Duration every, int healthFailures, Backoff backoff) {
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(500), 5, Backoff.DEFAULT);
    }

    /** What the supervisor knows of one deployment's service between looks. */
    private static final class Tracked {
        volatile RunningService service;
        volatile boolean busy;   // a restart is scheduled or running: not looked at meanwhile
        int unhealthy;           // failed health probes in a row
        int attempts;            // restarts since it was last healthy for the backoff's resetAfter
        Instant healthySince;
        boolean leftDown;        // recorded and left as it is (restart: never)

        Tracked(RunningService service) {
            this.service = service;
        }
    }

    private final ServiceRestarts restarts;
    private final Deployer deployer;
    private final Watchdog.Probe probe;
    private final DeployTarget target;
    private final Function<Deployment, RestartPolicy> policies;
    private final WatchClaims claims;
    private final ServiceConditions conditions;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code logs}: where the last lines of a stopped service are read from. */
    public Supervisor(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                      Deployer deployer, DeployTarget target, Router router, SecretSource secrets, ServiceLogs logs,
                      Function<Deployment, RestartPolicy> policies, WatchClaims claims, ServiceConditions conditions,
                      Settings settings, ScheduledExecutorService timer) {
        this.restarts = new ServiceRestarts(environments, deployments, ledger, target, router, secrets, logs);
        this.deployer = deployer;
        this.target = target;
        // the one place the supervisor's probe is chosen: the launch's health path, as the watch probes it
        this.probe = new TargetHealth(target);
        this.policies = policies;
        this.claims = claims;
        this.conditions = conditions;
        this.settings = settings;
        this.clock = ledger.clock();
        this.timer = timer;
    }

    /** Starts looking at every running service, every {@code settings.every()}; after Recovery has run. */
    public void start() {
        long every = settings.every().toMillis();
        timer.scheduleWithFixedDelay(this::lookAtAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** No restart starts after this (the timer itself is stopped by whoever made it). */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * `slipway restart`: starts the environment's live deployment again in place, whatever its state and policy,
     * after whatever is queued for the environment before. Completes with the deployment and its new process.
     */
    public CompletableFuture<Deployment> restart(String app, String environment, String actor) {
        Deployment live = restarts.live(app, environment).orElseThrow(() -> Problem.conflict("nothing is live in "
                + environment + " of " + app + " to restart: deploy it, or see `slipway status " + app + "`"));
        Tracked t = tracked.computeIfAbsent(ServiceConditions.key(live), k -> new Tracked(live.service()));
        t.busy = true;
        return deployer.inQueue(app, environment, () -> {
            try {
                Deployment now = restarts.live(app, environment).orElse(live);
                Deployment restarted = restarts.restart(now, actor);
                fresh(restarted, t, true);
                return restarted;
            } catch (DeployFailedException e) {
                throw Problem.conflict("restarting " + environment + " of " + app + " failed: " + e.getMessage());
            } finally {
                t.busy = false;
            }
        });
    }

    /** One look at every running service; a failure with one is logged and the others are still looked at. */
    void lookAtAll() {
        try {
            List<Deployment> running = restarts.running();
            Set<String> keys = new HashSet<>();
            for (Deployment d : running) {
                keys.add(ServiceConditions.key(d));
                try {
                    lookAt(d);
                } catch (RuntimeException e) {
                    log.error("{}/{}: supervising deployment {} failed", d.app(), d.environment(), d.id(), e);
                }
            }
            tracked.keySet().retainAll(keys);
            conditions.retainOnly(keys);
        } catch (RuntimeException e) {
            log.error("supervising services failed; trying again in {} ms", settings.every().toMillis(), e);
        }
    }

    private void lookAt(Deployment d) {
        if (d.service() == null || closed) {
            return;
        }
        if (FleetHandle.isFleet(d.service())) {
            return; // on targets, Convergence looks after each container (put back every converge_interval)
        }
        Tracked t = tracked.computeIfAbsent(ServiceConditions.key(d), k -> new Tracked(d.service()));
        if (t.busy) {
            return;
        }
        if (!d.service().equals(t.service)) {
            fresh(d, t, false); // started again meanwhile (by Recovery, a swap back, or us): a new process to look at
        }
        if (claims.claimed(d)) {
            t.unhealthy = 0;
            return; // inside its watch window: a failure there is the watch's to roll back
        }
        if (!target.isAlive(d.service())) {
            if (!t.leftDown) {
                stopped(d, t, true, target.exitCode(d.service()));
            }
            return;
        }
        if (probe.healthy(d)) {
            healthy(d, t);
            return;
        }
        t.healthySince = null;
        t.unhealthy++;
        if (t.unhealthy >= settings.healthFailures() && !t.leftDown) {
            stopped(d, t, false, OptionalInt.empty());
        }
    }

    private void healthy(Deployment d, Tracked t) {
        t.unhealthy = 0;
        if (t.leftDown) {
            t.leftDown = false; // it answers again by itself
            conditions.clear(d);
        }
        Instant now = clock.instant();
        if (t.healthySince == null) {
            t.healthySince = now;
        } else if (t.attempts > 0 && settings.backoff().forgives(t.healthySince, now)) {
            t.attempts = 0;
        }
    }

    /** {@code exited}: its process is gone (with {@code exitCode} if known); else it stopped answering its health. */
    private void stopped(Deployment seen, Tracked t, boolean exited, OptionalInt exitCode) {
        // read again: a deployment replaced meanwhile is recorded RETIRED (or WARM) before its process is stopped
        Optional<Deployment> again = restarts.reload(seen).filter(now -> running(now) && seen.service().equals(now.service())
                && now.state() == seen.state());
        if (again.isEmpty()) {
            return;
        }
        Deployment d = again.get();
        RestartPolicy policy = policies.apply(d);
        String what = exited ? "its process exited (" + (exitCode.isPresent() ? "exit code " + exitCode.getAsInt()
                : "exit code unknown: it was started by an earlier server") + ")"
                : "it did not answer its health check " + d.launch().liveness() + " " + t.unhealthy + " times in a row";
        Instant now = clock.instant();
        List<String> lastLines = restarts.lastLines(d);
        ServiceTrouble trouble = new ServiceTrouble(exited ? ServiceTrouble.State.CRASHED : ServiceTrouble.State.UNHEALTHY,
                what, exitCode, lastLines, now, t.attempts, Optional.empty());
        if (!policy.restarts(exitCode)) {
            t.leftDown = true;
            conditions.set(d, trouble);
            if (exited) {
                restarts.down(d, ServiceTrouble.State.CRASHED);
            }
            restarts.recordStop(d, what, lastLines, "restart: " + policy.word() + ", so it stays down until `slipway restart "
                    + d.app() + " " + d.environment() + "`");
            return;
        }
        Duration delay = settings.backoff().delay(t.attempts);
        t.attempts++;
        t.busy = true;
        conditions.set(d, trouble.restarting(t.attempts, now.plus(delay)));
        if (exited) {
            restarts.down(d, ServiceTrouble.State.RESTARTING);
        }
        restarts.recordStop(d, what, lastLines, "restart: " + policy.word() + ", restarting in " + delay.toMillis() + " ms (restart "
                + t.attempts + ")");
        timer.schedule(() -> deployer.inQueue(d.app(), d.environment(), () -> restartAfterStop(d, t)),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** In the environment's queue: unless it was replaced or started again meanwhile, starts it again. */
    private Void restartAfterStop(Deployment stopped, Tracked t) {
        try {
            Optional<Deployment> now = restarts.reload(stopped);
            if (closed || now.isEmpty() || !running(now.get()) || !stopped.service().equals(now.get().service())) {
                return null; // retired, rolled back, torn down or restarted meanwhile: nothing left to do
            }
            fresh(restarts.restart(now.get(), ACTOR), t, false);
        } catch (DeployFailedException | RuntimeException e) {
            // its new process (if any) is recorded and gone: the next look finds it stopped, and backs off further
            log.debug("restart of {} failed", stopped.id(), e);
        } finally {
            t.busy = false;
        }
        return null;
    }

    /** Looks at {@code d}'s (new) process afresh; a restart asked by a person also forgets earlier restarts. */
    private void fresh(Deployment d, Tracked t, boolean forgetRestarts) {
        t.service = d.service();
        t.unhealthy = 0;
        t.healthySince = null;
        t.leftDown = false;
        if (forgetRestarts) {
            t.attempts = 0;
        }
        conditions.clear(d);
    }

    private static boolean running(Deployment d) {
        return d.state() == DeploymentState.LIVE || d.state() == DeploymentState.READY
                || d.state() == DeploymentState.WARM;
    }
}
