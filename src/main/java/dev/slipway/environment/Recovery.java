package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings environments back to what was promised after a stop or a crash: half-done deployments are marked
 * ERRORED and their processes stopped, processes of replaced deployments are reaped, and every environment
 * serves its live deployment again — adopting the process if it survived, else starting it from its artifact.
 * A graceful stop ({@link #stopLive}) stops the live services, which the next start brings back that way.
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

    /** {@code secrets} are read again to start a live deployment whose process did not survive. */
    public Recovery(EnvironmentRepository environments, DeploymentRepository deployments, DeploymentLedger ledger,
                    DeployTarget target, Router router, SecretSource secrets) {
        this.environments = environments;
        this.deployments = deployments;
        this.ledger = ledger;
        this.target = target;
        this.router = router;
        this.starts = new Starts(router, secrets);
        this.retirement = new Retirement(deployments, target);
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
            settle(d, "replaced deployment's process", () -> retirement.stop(d));
        }
        for (Environment env : environments.all()) {
            try {
                env.live().flatMap(id -> deployments.find(env.app(), id))
                        .ifPresentOrElse(live -> serve(env, live), () -> router.unroute(env.app(), env.name(), env.port()));
            } catch (RuntimeException e) {
                log.error("{}/{}: could not be brought back after the restart: {}", env.app(), env.name(), e.toString());
            }
        }
    }

    /**
     * On a graceful stop the live services are stopped too: only the router (inside this process) makes them
     * reachable. They stay recorded, so the next start brings each one back from its artifact.
     */
    public void stopLive() {
        environments.all().forEach(env -> env.live().flatMap(id -> deployments.find(env.app(), id))
                .ifPresent(retirement::halt));
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
     * Blue/green: a READY deployment whose process survived keeps waiting for its swap; one whose process is gone
     * is ERRORED. WARM ones are stopped whatever their keep_warm said (its timer did not survive the restart).
     */
    private void settleParked(Deployment d) {
        if (d.state() == DeploymentState.READY && survived(d)) {
            log.info("{}/{}: adopted READY deployment {} (pid {})", d.app(), d.environment(), d.id(), d.service().pid());
            return;
        }
        String reason = d.state() == DeploymentState.READY
                ? "its process was gone when Slipway restarted; deploy again to retry"
                : "Slipway restarted while it was kept warm";
        DeploymentState to = d.state() == DeploymentState.READY ? DeploymentState.ERRORED : DeploymentState.RETIRED;
        ledger.move(d, d.state(), to, reason); // its process, if any, is then reaped as orphaned
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
            router.route(env.app(), env.name(), env.port(), service.port());
            log.info("{}/{}: adopted running deployment {} (pid {})", env.app(), env.name(), live.id(), service.pid());
            return;
        }
        try {
            RunningService restarted = target.restart(starts.of(live, env), service);
            deployments.setService(env.app(), live.id(), restarted);
            router.route(env.app(), env.name(), env.port(), restarted.port());
            log.info("{}/{}: restarted deployment {} ({})", env.app(), env.name(), live.id(), live.digest().shortForm());
        } catch (DeployFailedException | RuntimeException e) {
            router.unroute(env.app(), env.name(), env.port());
            log.error("{}/{}: could not restart deployment {}: {}", env.app(), env.name(), live.id(),
                    starts.masked(env.app(), e.getMessage()));
        }
    }
}
