package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.forge.CallOutcome;
import dev.slipway.forge.ForgeCall;
import dev.slipway.forge.ForgeCallRepository;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/v1/apps/{app}/reports} ({@code slipway reports APP}): what was told to the app's forge, newest
 * first — each commit status or deployment, whether the forge took it, and if not what it answered. Never a token.
 */
public final class ReportsApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Apps apps;
    private final ForgeCallRepository calls;

    public ReportsApi(Apps apps, ForgeCallRepository calls) {
        this.apps = apps;
        this.calls = calls;
    }

    record ReportView(long id, String kind, String commit, String state, String description, String targetUrl,
                      Long run, Long deployment, String environment, String outcome, int attempts, String lastError,
                      Integer httpStatus, String createdAt, String sentAt, String nextAttemptAt) {}

    record ReportList(String app, List<ReportView> reports) {}

    public void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/reports", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            int limit = Limits.of(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
            ctx.json(new ReportList(app, calls.list(app, limit).stream().map(ReportsApi::view).toList()));
        });
    }

    static ReportView view(ForgeCall c) {
        var call = c.call();
        return new ReportView(c.id(), c.kind().name(), call.commit(), call.state().name().toLowerCase(Locale.ROOT),
                call.description(), call.targetUrl(), call.run(), call.deployment(), call.environment(),
                c.outcome().name(), c.attempts(), c.lastError(), c.httpStatus(), Views.time(c.createdAt()),
                Views.time(c.sentAt()), c.outcome() == CallOutcome.PENDING ? Views.time(c.nextAttemptAt()) : null);
    }
}
