package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import java.time.Instant;

/** A promotion before it has an id; it is stored PENDING. {@code tag}: the git tag that asked for it (null if none). */
public record NewPromotion(
        String app,
        String environment,
        Digest digest,
        String commit,
        long run,
        PromotionSource source,
        String requestedBy,
        String author,
        Instant createdAt,
        String tag) {

    /** Not from a tag. */
    public NewPromotion(String app, String environment, Digest digest, String commit, long run, PromotionSource source,
                        String requestedBy, String author, Instant createdAt) {
        this(app, environment, digest, commit, run, source, requestedBy, author, createdAt, null);
    }
}
