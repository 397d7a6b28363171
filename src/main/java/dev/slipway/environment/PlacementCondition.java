package dev.slipway.environment;

/**
 * What a target observes of its part of a deployment, right now. Not a lifecycle: nothing moves a placement from one
 * condition to another; each observation reports afresh. The {@link DeploymentState} stays the record of decisions
 * (queued, live, retired…); a placement's condition is a fact about the target, which may contradict it (a LIVE
 * deployment whose process CRASHED is what {@link Recovery} and the watch act on).
 */
public enum PlacementCondition {
    /** Nothing is recorded on the target: never started, or stopped and cleared. */
    ABSENT,
    /** Its process runs but does not answer its health check yet, while the deployment is being carried out. */
    STARTING,
    /** Its process runs the deployment's artifact and answers its health check. */
    RUNNING,
    /** Its process runs but does not answer its health check (any more). */
    UNREACHABLE,
    /** It runs, but another artifact than the deployment's: what runs is not what should. */
    DRIFTED,
    /** Recorded, but its process is gone. */
    CRASHED;

    /** Whether something of the deployment still runs there, so a restarted server adopts it instead of starting it. */
    public boolean adoptable() {
        return this == STARTING || this == RUNNING || this == UNREACHABLE;
    }
}
