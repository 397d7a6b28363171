package dev.slipway.promotion;

import java.time.Instant;

/** One person's decision on a promotion; {@code reason} is required for a rejection. */
public record Approval(String app, long promotion, String user, Decision decision, String reason, Instant at) {
    public enum Decision { APPROVE, REJECT }
}
