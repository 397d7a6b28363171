package dev.slipway.web;

import dev.slipway.Problem;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import java.util.List;

/** /api/v1/audit: the log (an app's entries for its viewers, everything for admins) and its verification. */
public final class AuditApi {
    private static final int MAX = 1000;

    private final AuditLog audit;
    private final Access access;

    public AuditApi(AuditLog audit, Access access) {
        this.audit = audit;
        this.access = access;
    }

    record EntryView(long seq, String at, String actor, String action, String app, String subject, String before,
                     String after, String hash) {}

    record EntryList(List<EntryView> entries) {}

    record VerifyView(boolean ok, long entries, Long firstBad, String problem) {}

    void register(Routes routes) {
        routes.get("/api/v1/audit", Permission.authenticated(), ctx -> {
            Principal who = Routes.principal(ctx);
            String app = ctx.queryParam("app");
            access.require(who, app == null ? Role.ADMIN : Role.VIEWER, app);
            int limit = bounded(ctx.queryParam("limit"), "limit", 100, 1, MAX);
            long before = bounded(ctx.queryParam("before"), "before", 0, 0, Long.MAX_VALUE);
            ctx.json(new EntryList(audit.list(app, before, limit).stream().map(AuditApi::view).toList()));
        });
        routes.get("/api/v1/audit/verify", Permission.global(Role.ADMIN), ctx -> {
            var result = audit.verify();
            ctx.json(new VerifyView(result.ok(), result.entriesChecked(), result.badSeq(), result.problem()));
        });
    }

    private static EntryView view(AuditEntry e) {
        return new EntryView(e.seq(), Views.time(e.at()), e.actor(), e.action(), e.app(), e.subject(), e.before(),
                e.after(), e.hash());
    }

    private static int bounded(String raw, String name, int fallback, int min, int max) {
        return (int) bounded(raw, name, (long) fallback, min, (long) max);
    }

    private static long bounded(String raw, String name, long fallback, long min, long max) {
        if (raw == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw Problem.invalid(name + " must be a number from " + min + " to " + max + ", got '" + raw + "'");
    }
}
