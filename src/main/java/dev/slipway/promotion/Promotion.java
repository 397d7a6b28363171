package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.Optional;

/**
 * A request to put one artifact into one environment. {@code author} is the Slipway user who pushed the run it
 * promotes; not_author is checked against every one of its {@link Authors} (whoever pushed the commit anywhere or
 * produced the digest), never commit metadata, which proves nothing. {@code deployment} is set once it deploys.
 * {@code tag} is the git tag of a TAG promotion ({@code v1.0.0}), which its image gets once it is live; null otherwise.
 */
public record Promotion(
        String app,
        long id,
        String environment,
        Digest digest,
        String commit,
        long run,
        PromotionSource source,
        String requestedBy,
        String author,
        PromotionState state,
        String reason,
        Long deployment,
        Instant createdAt,
        Instant updatedAt,
        String tag) {

    /** Not from a tag. */
    public Promotion(String app, long id, String environment, Digest digest, String commit, long run,
                     PromotionSource source, String requestedBy, String author, PromotionState state, String reason,
                     Long deployment, Instant createdAt, Instant updatedAt) {
        this(app, id, environment, digest, commit, run, source, requestedBy, author, state, reason, deployment,
                createdAt, updatedAt, null);
    }

    /** The git tag it came from, for a TAG promotion. */
    public Optional<String> releaseTag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Long> deploymentId() {
        return Optional.ofNullable(deployment);
    }

    public String label() {
        return "promotion #" + id + " to " + environment;
    }
}
