package dev.slipway.forge;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The repository an app follows. {@code forge} is empty for a plain git server: polled, never told anything back.
 * {@code apiUrl} is where statuses and deployments are reported (e.g. {@code https://api.github.com}).
 * {@code branchFilter} is a glob of branch names to follow (all when empty); {@code knownHosts} pins the host keys
 * of an {@code ssh://} URL.
 */
public record Upstream(String app, String url, Optional<Forge> forge, Optional<String> apiUrl,
                       Optional<String> branchFilter, Optional<String> knownHosts, Duration pollInterval,
                       boolean reportStatuses, boolean reportDeployments, Instant createdAt, String createdBy) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

    public Upstream {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(forge, "forge");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(branchFilter, "branchFilter");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** See {@link RepositoryUrls#key}. */
    public String urlKey() {
        return RepositoryUrls.key(url);
    }
}
