package dev.slipway.audit;

import dev.slipway.Transactions;
import dev.slipway.signing.SigningKey;
import dev.slipway.signing.SigningKeys;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code slipway keys rotate}: a new signing key for what is signed from now on; the old one's public part is kept
 * (retired, with when) so audit checkpoints and build provenance it signed still verify. Audited {@code keys.rotated}.
 * The key files are written first (crash-safe, see {@link SigningKeys}); the audit entry follows them.
 */
public final class KeyRotations {
    private final SigningKeys keys;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    public KeyRotations(SigningKeys keys, AuditLog audit, Transactions transactions, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Rotates; {@code actor} is an admin (the caller checked). Returns the new current key. */
    public synchronized SigningKey rotate(String actor) {
        String old = keys.current().id();
        Instant now = clock.instant();
        SigningKey fresh = keys.rotate(now);
        transactions.run(() -> audit.record(actor, "keys.rotated", null, "signing key", old, fresh.id()));
        return fresh;
    }
}
