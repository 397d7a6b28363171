package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings environments back to what was promised after a stop or a crash: half-done deployments are marked
 * ERRORED and their processes stopped, processes of replaced deployments are reaped and their files discarded, and
 * every environment serves its live deployment again — adopting the process if it survived, else starting it from its
 * artifact. Services outlive the server however it stops: LIVE, READY and WARM ones are all adopted, a WARM one until
 * its keep_warm ends; only {@link #stopServices} (server --stop-services) stops them on the way out.
 */
public final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeploymentLedger ledger;
    private final DeployTarget target;
    private final Router router;
    private final Starts starts;
    private final Retirement retirement;
    private final BlueGreen blueGreen;
    private final LeftoverDeployments leftovers;

    /** As below, with a blue/green of its own whose timers run on their own thread (for callers without one). */
    public Recovery(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, SecretSource secrets) {
        this(environments, deployments, ledger, target, router, secrets,
                new BlueGreen(environments, deployments, ledger, target, router, new DeployQueue(Runnable::run)));
    }

    /**
     * {@code secrets} are read again to start a live deployment whose process did not survive; {@code blueGreen}
     * takes back the WARM deployments it adopts, to end them when their keep_warm does.
     */
    public Recovery(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, SecretSource secrets, BlueGreen blueGreen) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.target = target;
        this.router = router;
        this.starts = new Starts(router, secrets);
        this.retirement = new Retirement(deployments, target);
        this.blueGreen = blueGreen;
        this.leftovers = new LeftoverDeployments(deployments, target);
    }

    /** Each deployment and environment on its own: one that cannot be settled is logged and the others go on. */
    public void run() {
        for (Deployment d : deployments.unfinished()) {
            settle(d, "interrupted deployment", () -> settleInterrupted(d));
        }
        for (Deployment d : deployments.parked()) {
            settle(d, "parked deployment", () -> settleParked(d));
        }
        for (Deployment d : deployments.orphaned()) {
            // its files too: it was replaced or ended while no server was there to discard them
            settle(d, "replaced deployment's process", () -> retirement.retire(d, d.process()));
        }
        for (Environment env : environments.all()) {
            try {
                env.live().flatMap(id -> deployments.find(env.app(), id))
                        .ifPresentOrElse(live -> serve(env, live), () -> router.unroute(env.app(), env.name(), env.port()));
            } catch (RuntimeException e) {
                log.error("{}/{}: could not be brought back after the restart: {}", env.app(), env.name(), e.toString());
            }
        }
        leftovers.sweep();
    }

    /**
     * server --stop-services: every running service (LIVE, READY, WARM) is stopped on the way out, though it stays
     * recorded; the next start brings each LIVE one back from its artifact (a READY one is then ERRORED, a WARM one
     * RETIRED, as for any whose process is gone).
     */
    public void stopServices() {
        List<Deployment> running = new ArrayList<>(deployments.parked());
        environments.all().forEach(env -> env.live().flatMap(id -> deployments.find(env.app(), id))
                .ifPresent(running::add));
        // side by side, a thread each: each may take its whole stop_grace, and a stop should not take the sum of them
        ExecutorService stopping = Executors.newCachedThreadPool();
        try {
            running.stream().map(d -> CompletableFuture.runAsync(() -> halt(d), stopping)).toList()
                    .forEach(CompletableFuture::join);
        } finally {
            stopping.shutdown();
        }
    }

    private void halt(Deployment d) {
        try {
            retirement.halt(d);
        } catch (RuntimeException e) {
            log.warn("{}/{}: deployment {} could not be stopped: {}", d.app(), d.environment(), d.id(), e.toString());
        }
    }

    private static void settle(Deployment d, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("{}/{}: {} {} could not be settled after the restart; it is tried again on the next start: {}",
                    d.app(), d.environment(), what, d.id(), e.toString());
        }
    }

    private void settleInterrupted(Deployment d) {
        // recorded first: if stopping fails, the deployment is then reaped as orphaned, now and at the next start
        ledger.move(d, d.state(), DeploymentState.ERRORED,
                "Slipway stopped while this deployment was " + d.state().name().toLowerCase()
                        + "; the environment kept its previous live version — deploy again to retry");
        retirement.retire(d, d.process());
    }

    /**
     * Blue/green: a READY deployment whose process survived keeps waiting for its swap, a WARM one stays warm until
     * its keep_warm ends (counted from its swap, so that timer is armed again). One whose process is gone is ended
     * and its files discarded: READY is ERRORED, WARM is RETIRED.
     */
    private void settleParked(Deployment d) {
        if (survived(d)) {
            log.info("{}/{}: adopted {} deployment {} (pid {})", d.app(), d.environment(), d.state(), d.id(),
                    d.service().pid());
            if (d.state() == DeploymentState.WARM) {
                blueGreen.coolAfterRestart(d);
            }
            return;
        }
        boolean ready = d.state() == DeploymentState.READY;
        String reason = ready ? "its process was gone when Slipway restarted; deploy again to retry"
                : "its process was gone when Slipway restarted, so it could no longer be swapped back to";
        if (ledger.move(d, d.state(), ready ? DeploymentState.ERRORED : DeploymentState.RETIRED, reason)) {
            retirement.retire(d, d.process());
        }
    }

    /** Whether the deployment's process outlived the server, so it is adopted rather than started again. */
    private boolean survived(Deployment d) {
        Placement placement = target.observe(d);
        if (placement.condition() == PlacementCondition.DRIFTED) {
            // adopted all the same, as before digests were observed: restarting it would reuse the same files
            log.warn("{}/{}: deployment {} runs {} instead of {}", d.app(), d.environment(), d.id(),
                    placement.running().map(Digest::shortForm).orElse("?"), d.digest().shortForm());
            return true;
        }
        return placement.condition().adoptable();
    }

    private void serve(Environment env, Deployment live) {
        RunningService service = live.service();
        if (survived(live)) {
            router.route(env.app(), env.name(), env.port(), target.upstreams(service));
            log.info("{}/{}: adopted running deployment {} (pid {})", env.app(), env.name(), live.id(), service.pid());
            return;
        }
        try {
            RunningService restarted = target.restart(starts.of(live, env), service);
            deployments.setService(env.app(), live.id(), restarted);
            router.route(env.app(), env.name(), env.port(), target.upstreams(restarted));
            log.info("{}/{}: restarted deployment {} ({})", env.app(), env.name(), live.id(), live.digest().shortForm());
        } catch (DeployFailedException | RuntimeException e) {
            router.unroute(env.app(), env.name(), env.port());
            log.error("{}/{}: could not restart deployment {}: {}", env.app(), env.name(), live.id(),
                    starts.masked(env.app(), e.getMessage()));
        }
    }
}
