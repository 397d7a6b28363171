package dev.slipway.audit;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tamper-evident audit log: appends entries, lists them, verifies the chain. Call {@link #record} inside the
 * transaction that makes the change (see {@link dev.slipway.Transactions}) so the change and its entry commit
 * together. Appending holds the chain head until that transaction ends, so record as late in it as possible.
 */
public final class AuditLog {
    /** A whole token ({@code slw_<id>.<secret>}); the bare id ({@code slw_} + 12 hex) may be logged. */
    private static final Pattern TOKEN = Pattern.compile("slw_[A-Za-z0-9_.-]{20,}");

    private final AuditRepository repository;
    private final Clock clock;

    public AuditLog(AuditRepository repository, Clock clock) {
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
     * @throws IllegalArgumentException if a field holds what looks like a token: the log is permanent
     */
    public void record(String actor, String action, String app, String subject, String before, String after) {
        refuseToken("actor", actor);
        refuseToken("action", action);
        refuseToken("app", app);
        refuseToken("subject", subject);
        refuseToken("before", before);
        refuseToken("after", after);
        repository.append(new NewAuditEntry(clock.instant(), actor, action, app, subject, before, after));
    }

    /** Newest first; {@code app} null for all apps, {@code beforeSeq} 0 for the newest page. */
    public List<AuditEntry> list(String app, long beforeSeq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return repository.list(app, beforeSeq, limit);
    }

    /** Recomputes the whole chain; names the first entry that does not match. */
    public Verification verify() {
        return new AuditVerifier(repository).verify();
    }

    private static void refuseToken(String field, String value) {
        // The message must not repeat the value: it would leak the token into a log or an HTTP response instead.
        if (value != null && TOKEN.matcher(value).find()) {
            throw new IllegalArgumentException("the audit entry's " + field + " contains what looks like an API token "
                    + "(slw_…); secrets never go into the audit log: record the token's id instead");
        }
    }
}
