package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One artifact put into one environment: what, who, when, how, and the process that serves it. For a deployment
 * that went live, {@code finishedAt} is when it went live and {@code retiredAt} when a newer one replaced it.
 * {@code slot} ("blue"/"green") and {@code keepWarm} are set only for blue/green deployments.
 */
public record Deployment(
        String app,
        long id,
        String environment,
        Digest digest,
        String commit,
        long run,
        DeploymentTrigger trigger,
        String actor,
        Launch launch,
        DeploymentState state,
        String reason,
        RunningService service,
        Instant createdAt,
        Instant finishedAt,
        Instant retiredAt,
        String slot,
        Duration keepWarm) {

    /** A recreate deployment: no slot. */
    public Deployment(String app, long id, String environment, Digest digest, String commit, long run,
                      DeploymentTrigger trigger, String actor, Launch launch, DeploymentState state, String reason,
                      RunningService service, Instant createdAt, Instant finishedAt, Instant retiredAt) {
        this(app, id, environment, digest, commit, run, trigger, actor, launch, state, reason, service, createdAt,
                finishedAt, retiredAt, null, null);
    }

    public Optional<RunningService> process() {
        return Optional.ofNullable(service);
    }

    /** LIVE now, or WARM or RETIRED (which only a LIVE deployment can become): it served the environment once. */
    public boolean wentLive() {
        return state == DeploymentState.LIVE || state == DeploymentState.WARM || state == DeploymentState.RETIRED;
    }

    /** When it started serving the environment, if it ever did. */
    public Optional<Instant> liveSince() {
        return wentLive() ? Optional.ofNullable(finishedAt) : Optional.empty();
    }

    public Optional<String> slotName() {
        return Optional.ofNullable(slot);
    }
}
