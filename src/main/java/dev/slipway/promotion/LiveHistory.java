package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Where an artifact has been live. A pipeline file names environments by their spec name ("staging", "dev"); an
 * ephemeral one has an instance per branch, so every instance of that name counts.
 */
final class LiveHistory {
    private final DeploymentRepository deployments;

    LiveHistory(DeploymentRepository deployments) {
        this.deployments = deployments;
    }

    /** Deployments of {@code digest} that went live in an instance of {@code specName}, most recently live first. */
    List<Deployment> of(String app, String specName, Digest digest) {
        return deployments.wentLive(app, specName, digest).stream()
                .sorted(Comparator.comparing((Deployment d) -> d.liveSince().orElse(Instant.EPOCH)).reversed())
                .toList();
    }
}
