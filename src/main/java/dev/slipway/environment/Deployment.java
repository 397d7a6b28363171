package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.Optional;

/** One artifact put into one environment: what, who, when, how, and the process that serves it. */
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
        Instant finishedAt) {

    public Optional<RunningService> process() {
        return Optional.ofNullable(service);
    }
}
