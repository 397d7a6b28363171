package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.Optional;

/**
 * One artifact put into one environment: what, who, when, how, and the process that serves it. For a deployment
 * that went live, {@code finishedAt} is when it went live and {@code retiredAt} when a newer one replaced it.
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
        Instant retiredAt) {

    public Optional<RunningService> process() {
        return Optional.ofNullable(service);
    }

    /** LIVE now, or RETIRED (which only a LIVE deployment can become): it served the environment once. */
    public boolean wentLive() {
        return state == DeploymentState.LIVE || state == DeploymentState.RETIRED;
    }

    /** When it started serving the environment, if it ever did. */
    public Optional<Instant> liveSince() {
        return wentLive() ? Optional.ofNullable(finishedAt) : Optional.empty();
    }
}
