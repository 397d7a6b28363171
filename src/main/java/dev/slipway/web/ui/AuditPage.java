package dev.slipway.web.ui;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditLog;
import dev.slipway.audit.Verification;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * /ui/audit: the audit log with filters (app, actor, action) and, for admins, the result of verifying the chain.
 * The same rule as the API: an app's entries for its viewers, everything for admins.
 */
public final class AuditPage {
    private static final int SCAN = 1000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final AuditLog audit;
    private final Access access;

    public AuditPage(AuditLog audit, Access access) {
        this.audit = audit;
        this.access = access;
    }

    public void register(Routes routes, SignIn signIn, Templates templates) {
        routes.get("/ui/audit", Permission.authenticated(), ctx -> {
            Principal who = Routes.principal(ctx);
            String app = blankToNull(ctx.queryParam("app"));
            String actor = blankToNull(ctx.queryParam("actor"));
            String action = blankToNull(ctx.queryParam("action"));
            access.require(who, app == null ? Role.ADMIN : Role.VIEWER, app);
            var rows = audit.list(app, 0, SCAN).stream()
                    .filter(e -> actor == null || actor.equals(e.actor()))
                    .filter(e -> action == null || e.action().toLowerCase(Locale.ROOT).contains(action.toLowerCase(Locale.ROOT)))
                    .limit(200).map(AuditPage::row).toList();
            Pages.Check check = new Pages.Check(false, false, 0, "");
            if (access.allows(who, Role.ADMIN, null)) {
                Verification v = audit.verify();
                check = new Pages.Check(true, v.ok(), v.entriesChecked(), v.problem() == null ? "" : v.problem());
            }
            templates.page(ctx, "audit.jte", Map.of("viewer", signIn.viewer(ctx), "rows", rows, "check", check,
                    "app", app == null ? "" : app, "actor", actor == null ? "" : actor,
                    "action", action == null ? "" : action));
        });
    }

    private static Pages.AuditRow row(AuditEntry e) {
        String change = (e.before() == null ? "" : e.before()) + (e.before() == null && e.after() == null ? "" : " → ")
                + (e.after() == null ? "" : e.after());
        return new Pages.AuditRow(e.seq(), WHEN.format(e.at()), e.actor(), e.action(), e.app() == null ? "" : e.app(),
                e.subject() == null ? "" : e.subject(), change);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
