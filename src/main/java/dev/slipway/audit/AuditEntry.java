package dev.slipway.audit;

import java.time.Instant;

/**
 * One entry of the audit log, with its place in the hash chain.
 *
 * @param seq      1, 2, 3… without gaps, in the order the entries were committed
 * @param at       when it happened, to the millisecond (what is stored and hashed)
 * @param app      the app it concerns, or null
 * @param before   the state before, or null when something was created
 * @param after    the state after, or null when something was deleted
 * @param prevHash the hash of entry {@code seq - 1}; {@link AuditChain#GENESIS} for entry #1
 * @param hash     {@link AuditChain#hash} of this entry, lower-case hex
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String app, String subject,
                         String before, String after, String prevHash, String hash) {}
