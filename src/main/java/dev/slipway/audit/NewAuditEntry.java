package dev.slipway.audit;

import java.time.Instant;
import java.util.Objects;

/** An audit entry before it has its place (sequence number) and hash in the chain. */
public record NewAuditEntry(Instant at, String actor, String action, String app, String subject, String before, String after) {
    public NewAuditEntry {
        Objects.requireNonNull(at, "an audit entry needs a time");
        Objects.requireNonNull(actor, "an audit entry needs an actor");
        Objects.requireNonNull(action, "an audit entry needs an action");
        Objects.requireNonNull(subject, "an audit entry needs a subject");
    }
}
