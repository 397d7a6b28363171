package dev.slipway.audit;

/**
 * Appends to the tamper-evident audit log. Call it inside the transaction that makes the change (see
 * {@link dev.slipway.Transactions}) so the change and its entry commit together.
 * SKELETON: the audit helper replaces this body.
 */
public final class AuditLog {
    private final AuditRepository repository;
    private final java.time.Clock clock;

    public AuditLog(AuditRepository repository, java.time.Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * @param actor   user name, or "slipway" for what the server does by itself
     * @param action  dotted verb, e.g. "app.created", "run.finished", "token.revoked"
     * @param app     the app it concerns, or null
     * @param subject what changed, e.g. "run #12", "user bob", "token 3f2a…"
     * @param before  the state before (null when created), never a secret
     * @param after   the state after (null when deleted), never a secret
     */
    public void record(String actor, String action, String app, String subject, String before, String after) {
        repository.append(new NewAuditEntry(clock.instant(), actor, action, app, subject, before, after));
    }
}
