package dev.slipway.environment;

import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import java.time.Clock;

/** Changes to environments themselves (not their deployments), each written to the audit log in its transaction. */
public final class EnvironmentLedger {
    static final String TORN_DOWN = "environment.torn_down";
    static final String PORT_MOVED = "environment.port_moved";

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public EnvironmentLedger(EnvironmentRepository environments, DeploymentRepository deployments,
                             Transactions transactions, AuditLog audit, Clock clock) {
        this.environments = environments;
        this.deployments = deployments;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * In one transaction: the live deployment (null: none) LIVE → RETIRED, the environment's row deleted, and the
     * audit entries. The deployments stay as history. False (and nothing changed) if the environment was gone.
     */
    boolean tornDown(String actor, Environment env, Deployment live, String reason) {
        return transactions.inTransaction(() -> {
            if (!environments.delete(env.app(), env.name())) {
                return false;
            }
            if (live != null && deployments.move(env.app(), live.id(), DeploymentState.LIVE, DeploymentState.RETIRED,
                    clock.instant(), "environment torn down: " + reason)) {
                audit.record(actor, "deployment.retired", env.app(), "deployment #" + live.id() + " of " + env.name(),
                        DeploymentState.LIVE.name(), DeploymentState.RETIRED + " (environment torn down)");
            }
            for (Deployment parked : deployments.parked(env.app(), env.name())) { // blue/green: the idle slot's
                DeploymentState to = parked.state() == DeploymentState.READY ? DeploymentState.CANCELLED : DeploymentState.RETIRED;
                if (deployments.move(env.app(), parked.id(), parked.state(), to, clock.instant(), "environment torn down: " + reason)) {
                    audit.record(actor, "deployment.finished", env.app(), "deployment #" + parked.id() + " of " + env.name(),
                            parked.state().name(), to + " (environment torn down)");
                }
            }
            audit.record(actor, TORN_DOWN, env.app(), env.name(),
                    live == null ? "empty" : live.digest().toString(), reason);
            return true;
        });
    }

    /** In one transaction: the environment's stable port from its current one to {@code to} (if still on it), audited. */
    boolean portMoved(String actor, Environment env, int to) {
        return transactions.inTransaction(() -> {
            if (!environments.movePort(env.app(), env.name(), env.port(), to)) {
                return false;
            }
            audit.record(actor, PORT_MOVED, env.app(), env.name(), "port " + env.port(), "port " + to);
            return true;
        });
    }
}
