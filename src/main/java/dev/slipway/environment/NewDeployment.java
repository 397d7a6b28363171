package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Instant;

/** A deployment before it has an id. */
public record NewDeployment(
        String app,
        String environment,
        Digest digest,
        String commit,
        long run,
        DeploymentTrigger trigger,
        String actor,
        Launch launch,
        Instant createdAt) {}
