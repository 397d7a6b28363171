package dev.slipway.environment;

import java.time.Instant;
import java.util.Optional;

/**
 * A named place an artifact runs. {@code name} is the concrete instance ("dev-feature-x", "staging");
 * {@code specName} the pipeline file's environment it comes from ("dev"). {@code port} is the stable public
 * port the router serves the live deployment on, kept across restarts.
 */
public record Environment(
        String app,
        String name,
        String specName,
        String branch,
        int port,
        Long liveDeployment,
        Instant createdAt) {

    public Optional<Long> live() {
        return Optional.ofNullable(liveDeployment);
    }
}
