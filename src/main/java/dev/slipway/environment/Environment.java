package dev.slipway.environment;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A named place an artifact runs. {@code name} is the concrete instance ("dev-feature-x", "staging");
 * {@code specName} the pipeline file's environment it comes from ("dev"). {@code port} is the stable public
 * port the router serves the live deployment on, kept across restarts. {@code branch} is set only for
 * ephemeral (per-branch) environments; {@code ttl}, when set, is how long such an environment may go without a
 * new deployment before it is torn down.
 */
public record Environment(
        String app,
        String name,
        String specName,
        String branch,
        int port,
        Long liveDeployment,
        Instant createdAt,
        Duration ttl) {

    public Environment(String app, String name, String specName, String branch, int port, Long liveDeployment,
                       Instant createdAt) {
        this(app, name, specName, branch, port, liveDeployment, createdAt, null);
    }

    public Optional<Long> live() {
        return Optional.ofNullable(liveDeployment);
    }

    /** One environment per branch ({@code dev-<slug>}): the only kind that is ever torn down. */
    public boolean ephemeral() {
        return branch != null;
    }

    public Optional<Duration> idleLimit() {
        return Optional.ofNullable(ttl);
    }
}
