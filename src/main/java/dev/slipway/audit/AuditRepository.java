package dev.slipway.audit;

/** SKELETON: the audit helper completes this interface. */
public interface AuditRepository {
    /** Appends the entry at the end of the chain, inside the caller's transaction if there is one. */
    void append(NewAuditEntry entry);
}
