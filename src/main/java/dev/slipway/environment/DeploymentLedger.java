package dev.slipway.environment;

import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import java.time.Clock;

/** Every state move of a deployment, with its time, written to the audit log in the same transaction. */
public final class DeploymentLedger {
    static final String SLIPWAY = "slipway";

    private final DeploymentRepository deployments;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public DeploymentLedger(DeploymentRepository deployments, Transactions transactions, AuditLog audit, Clock clock) {
        this.deployments = deployments;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public Deployment create(NewDeployment d) {
        return transactions.inTransaction(() -> {
            Deployment created = deployments.create(d);
            audit.record(d.actor(), "deployment.queued", d.app(), subject(created), null,
                    d.trigger() + " " + d.digest() + " (run #" + d.run() + ") to " + d.environment());
            return created;
        });
    }

    public boolean move(Deployment d, DeploymentState from, DeploymentState to, String reason) {
        return transactions.inTransaction(() -> {
            boolean moved = deployments.move(d.app(), d.id(), from, to, clock.instant(), reason);
            if (moved) {
                String verb = to == DeploymentState.DEPLOYING ? "deployment.started" : "deployment.finished";
                audit.record(SLIPWAY, verb, d.app(), subject(d), from.name(),
                        reason == null ? to.name() : to.name() + ": " + firstLine(reason));
            }
            return moved;
        });
    }

    /**
     * The reconciler put an environment's release back on one of its targets: {@code action} is
     * {@code target.converged} (a target bound later, or back after being unreachable) or {@code target.drift_corrected}
     * (its container was removed, stopped or replaced by hand); {@code what} says what it found.
     */
    public void targetConverged(Deployment live, String target, String action, String what) {
        transactions.inTransaction(() -> {
            audit.record(SLIPWAY, action, live.app(), "target " + target + " of " + live.environment(), what,
                    live.digest() + " (deployment #" + live.id() + ")");
            return null;
        });
    }

    /** The deployment goes live and the environment's previous live deployment is retired, in one transaction. */
    public boolean goLive(Deployment d, Long previous) {
        return transactions.inTransaction(() -> {
            boolean live = deployments.goLive(d.app(), d.environment(), d.id(), clock.instant());
            if (live) {
                audit.record(SLIPWAY, "deployment.finished", d.app(), subject(d), DeploymentState.DEPLOYING.name(),
                        DeploymentState.LIVE + " " + d.digest() + " in " + d.environment());
                if (previous != null) {
                    audit.record(SLIPWAY, "deployment.retired", d.app(), "deployment #" + previous + " of " + d.environment(),
                            DeploymentState.LIVE.name(), DeploymentState.RETIRED + " (replaced by #" + d.id() + ")");
                }
            }
            return live;
        });
    }

    /** The watch window saw the live deployment fail; {@code previous} (or null) is what goes back. */
    public void autoRollback(Deployment failing, Long previous, String reason) {
        transactions.run(() -> audit.record(SLIPWAY, "deployment.auto_rollback", failing.app(), subject(failing),
                DeploymentState.LIVE + " " + failing.digest(),
                (previous == null ? "nothing earlier to put back" : "putting back deployment #" + previous) + ": " + reason));
    }

    /** The deployment's service stopped while running ({@code what}: how) and {@code next} is what happens now. */
    public void serviceStopped(Deployment d, String what, String next) {
        transactions.run(() -> audit.record(SLIPWAY, "service.crashed", d.app(), subject(d),
                d.state() + " " + process(d.service()), what + "; " + next));
    }

    /** The deployment's service was started again in place, by {@code actor} (a person, or the supervisor). */
    public void serviceRestarted(Deployment d, String actor, RunningService from, RunningService to) {
        transactions.run(() -> audit.record(actor, "service.restarted", d.app(), subject(d),
                d.state() + " " + process(from), d.state() + " " + process(to)));
    }

    /** Starting the deployment's service again failed; {@code reason} is masked already. */
    public void restartFailed(Deployment d, String actor, String reason) {
        transactions.run(() -> audit.record(actor, "service.restart_failed", d.app(), subject(d),
                d.state() + " " + process(d.service()), firstLine(reason)));
    }

    private static String process(RunningService service) {
        return service == null ? "(no process)" : "pid " + service.pid();
    }

    /**
     * Blue/green: the deployment goes LIVE from {@code from} (READY, or WARM to swap back), the previous live one
     * WARM and any older WARM one RETIRED, in one transaction with its audit entry.
     */
    public boolean swap(Deployment d, DeploymentState from, Deployment previous, String actor) {
        return transactions.inTransaction(() -> {
            boolean swapped = deployments.swap(d.app(), d.environment(), d.id(), from, clock.instant());
            if (swapped) {
                audit.record(actor, "deployment.swapped", d.app(), subject(d),
                        previous == null ? null : "LIVE #" + previous.id() + " " + previous.digest() + " in "
                                + previous.slotName().orElse("no slot"),
                        "LIVE #" + d.id() + " " + d.digest() + " in " + d.slotName().orElse("no slot") + " (was " + from + ")");
            }
            return swapped;
        });
    }

    Clock clock() {
        return clock;
    }

    private static String subject(Deployment d) {
        return "deployment #" + d.id() + " of " + d.environment();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
