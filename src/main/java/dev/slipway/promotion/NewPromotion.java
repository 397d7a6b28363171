package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import java.time.Instant;

/** A promotion before it has an id; it is stored PENDING. */
public record NewPromotion(
        String app,
        String environment,
        Digest digest,
        String commit,
        long run,
        PromotionSource source,
        String requestedBy,
        String author,
        Instant createdAt) {}
