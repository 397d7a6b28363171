package dev.slipway.audit;

/**
 * Where the chain ends, kept apart from the entries: the newest entry's seq and hash (0 and
 * {@link AuditChain#GENESIS} while the log is empty). Without it, deleting the newest entries would leave a
 * shorter chain that still verifies.
 */
public record AuditHead(long seq, String hash) {}
