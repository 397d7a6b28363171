package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Checkpoint;
import dev.slipway.audit.CheckpointCheck;
import dev.slipway.audit.Checkpoints;
import dev.slipway.audit.Verification;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;

/**
 * /api/v1/audit: the log (an app's entries for its viewers, everything for admins), its verification, and signed
 * checkpoints of its head (made, and verified against).
 */
public final class AuditApi {
    private static final int MAX = 1000;

    private final AuditLog audit;
    private final Checkpoints checkpoints;
    private final Access access;

    public AuditApi(AuditLog audit, Checkpoints checkpoints, Access access) {
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.access = access;
    }

    record EntryView(long seq, String at, String actor, String action, String app, String subject, String before,
                     String after, String hash) {}

    record EntryList(List<EntryView> entries) {}

    /** {@code headSeq}/{@code headHash}: where the chain ends (keep them elsewhere, or better a checkpoint). */
    record VerifyView(boolean ok, long entries, Long firstBad, String problem, Long headSeq, String headHash,
                      CheckpointResult checkpoint) {}

    record CheckpointResult(boolean ok, long seq, String time, String keyId, String problem) {}

    /** A checkpoint as printed by GET /api/v1/audit/checkpoint and sent back to POST /api/v1/audit/verify. */
    record CheckpointView(String format, long seq, String headHash, String time, String keyId, String signature) {}

    public void register(Routes routes) {
        routes.get("/api/v1/audit", Permission.authenticated(), ctx -> {
            Principal who = Routes.principal(ctx);
            String app = ctx.queryParam("app");
            access.require(who, app == null ? Role.ADMIN : Role.VIEWER, app);
            int limit = bounded(ctx.queryParam("limit"), "limit", 100, 1, MAX);
            long before = bounded(ctx.queryParam("before"), "before", 0, 0, Long.MAX_VALUE);
            ctx.json(new EntryList(audit.list(app, before, limit).stream().map(AuditApi::view).toList()));
        });
        routes.get("/api/v1/audit/verify", Permission.global(Role.ADMIN), ctx -> ctx.json(view(audit.verify(), null)));
        routes.get("/api/v1/audit/checkpoint", Permission.global(Role.ADMIN), ctx -> {
            Checkpoint c = checkpoints.make();
            ctx.json(new CheckpointView(c.format(), c.seq(), c.headHash(), c.time(), c.keyId(), c.signature()));
        });
        routes.post("/api/v1/audit/verify", Permission.global(Role.ADMIN), ctx -> {
            CheckpointView body = Json.body(ctx, CheckpointView.class,
                    "{\"format\": \"slipway-audit-checkpoint-v1\", \"seq\": 42, …} (what `slipway audit checkpoint` printed)");
            CheckpointCheck check = checkpoints.verify(new Checkpoint(body.format(), body.seq(), body.headHash(),
                    body.time(), body.keyId(), body.signature()));
            Checkpoint kept = check.checkpoint();
            ctx.json(view(check.chain(), new CheckpointResult(check.checkpointOk(), kept.seq(), kept.time(),
                    kept.keyId(), check.checkpointProblem())));
        });
    }

    private static VerifyView view(Verification chain, CheckpointResult checkpoint) {
        boolean ok = chain.ok() && (checkpoint == null || checkpoint.ok());
        return new VerifyView(ok, chain.entriesChecked(), chain.badSeq(), chain.ok() && checkpoint != null
                ? checkpoint.problem() : chain.problem(), chain.ok() ? chain.entriesChecked() : null, chain.headHash(),
                checkpoint);
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
