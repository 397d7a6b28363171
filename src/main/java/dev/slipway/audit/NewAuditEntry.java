package dev.slipway.audit;

import java.time.Instant;

/** An audit entry before it has its place (sequence number) and hash in the chain. */
public record NewAuditEntry(Instant at, String actor, String action, String app, String subject, String before, String after) {}
