package dev.slipway.web.ui;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.PromotionRequest;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.Promotions;
import dev.slipway.promotion.Rollbacks;
import dev.slipway.promotion.Swaps;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's buttons: the same use cases as the API (which check the roles inside), behind the same door
 * permissions. Each acts only when confirmed (else it answers a page that asks), then redirects to the page that
 * shows the result (post → redirect → get).
 */
public final class DashboardActions {
    private final Apps apps;
    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final Swaps swaps;

    public DashboardActions(Apps apps, Promotions promotions, Rollbacks rollbacks, Swaps swaps) {
        this.apps = apps;
        this.promotions = promotions;
        this.rollbacks = rollbacks;
        this.swaps = swaps;
    }

    public void register(Routes routes, SignIn signIn, Templates templates) {
        String base = "/ui/apps/{app}";
        routes.post(base + "/promotions", Permission.onApp(Role.DEPLOYER), ctx -> {
            String env = required(ctx, "environment");
            String from = required(ctx, "from");
            if (confirmed(ctx, signIn, templates, "Promote to " + env + "?", "What is live in " + from + " of "
                    + app(ctx) + " will be promoted to " + env + ", once its gates and approvals allow.")) {
                PromotionDetail d = promotions.request(new PromotionRequest(app(ctx), env, Optional.empty(),
                        Optional.of(from), PromotionSource.API, Routes.principal(ctx)));
                done(ctx, signIn, describe(d));
            }
        });
        routes.post(base + "/promotions/{id}/approve", Permission.onApp(Role.VIEWER), ctx -> {
            if (confirmed(ctx, signIn, templates, "Approve promotion #" + id(ctx) + "?", "Your approval of "
                    + whatGoesWhere(ctx) + "; it is deployed once every approval and gate it waits for is met.")) {
                done(ctx, signIn, describe(promotions.approve(Routes.principal(ctx), app(ctx), id(ctx))));
            }
        });
        routes.post(base + "/promotions/{id}/reject", Permission.onApp(Role.VIEWER), ctx -> {
            String reason = Optional.ofNullable(ctx.formParam("reason")).filter(r -> !r.isBlank())
                    .orElse("rejected from the dashboard");
            if (confirmed(ctx, signIn, templates, "Reject promotion #" + id(ctx) + "?", "Promotion #" + id(ctx)
                    + " (" + whatGoesWhere(ctx) + ") will be rejected for good, with the reason: " + reason + ".")) {
                done(ctx, signIn, describe(promotions.reject(Routes.principal(ctx), app(ctx), id(ctx), reason)));
            }
        });
        routes.post(base + "/environments/{env}/rollback", Permission.onApp(Role.DEPLOYER), ctx -> {
            String env = ctx.pathParam("env");
            Optional<Long> to = Optional.ofNullable(ctx.formParam("to")).filter(t -> !t.isBlank()).map(t -> {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw Problem.invalid("'" + t + "' is not a deployment number");
                }
            });
            if (confirmed(ctx, signIn, templates, "Roll back " + env + "?", env + " of " + app(ctx)
                    + " will be deployed again with " + to.map(n -> "the artifact of deployment #" + n)
                    .orElse("the artifact that was live before the current one") + ", replacing what it serves now.")) {
                Deployment d = rollbacks.rollback(Routes.principal(ctx), app(ctx), env, to);
                done(ctx, signIn, "Rolling back " + d.environment() + " to commit " + Summaries.shortCommit(d.commit())
                        + " (" + Summaries.shortDigest(d.digest()) + "), deployment #" + d.id());
            }
        });
        routes.post(base + "/environments/{env}/swap", Permission.onApp(Role.DEPLOYER), ctx -> {
            String env = ctx.pathParam("env");
            if (confirmed(ctx, signIn, templates, "Swap the slots of " + env + "?", env + " of " + app(ctx)
                    + " will serve its other slot: the ready new version, or back to the warm previous one.")) {
                Deployment d = swaps.swap(Routes.principal(ctx), app(ctx), env);
                done(ctx, signIn, "Swapped " + d.environment() + ": it now serves commit "
                        + Summaries.shortCommit(d.commit()) + " (" + Summaries.shortDigest(d.digest())
                        + "), deployment #" + d.id() + d.slotName().map(slot -> " in slot " + slot).orElse(""));
            }
        });
    }

    /**
     * Whether the person confirmed (the browser's dialog sends {@code confirmed=yes}); if not, nothing happens and
     * the answer is a page that asks, so a click without JavaScript never acts at once.
     */
    private boolean confirmed(Context ctx, SignIn signIn, Templates templates, String title, String what) {
        if ("yes".equals(ctx.formParam("confirmed"))) {
            return true;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, values) -> {
            if (!name.equals(SignIn.CSRF_FIELD) && !name.equals("confirmed") && !values.isEmpty()) {
                fields.put(name, values.get(0));
            }
        });
        templates.page(ctx, "confirm.jte", Map.of("viewer", signIn.viewer(ctx),
                "confirmation", new Confirmation(title, what, ctx.path(), fields, back(ctx))));
        return false;
    }

    private String whatGoesWhere(Context ctx) {
        var p = promotions.show(app(ctx), id(ctx)).promotion();
        return "commit " + Summaries.shortCommit(p.commit()) + " (" + Summaries.shortDigest(p.digest()) + ") of "
                + p.app() + " to " + p.environment();
    }

    private static String describe(PromotionDetail d) {
        var p = d.promotion();
        return "Promotion #" + p.id() + " to " + p.environment() + ": " + p.state()
                + (p.reason() == null ? "" : " (" + p.reason() + ")");
    }

    private void done(Context ctx, SignIn signIn, String message) {
        signIn.flash(ctx, message);
        ctx.redirect(back(ctx), HttpStatus.SEE_OTHER);
    }

    /** The page the button was on, if it is one of this app's pages (never elsewhere); else the app's page. */
    private String back(Context ctx) {
        String back = ctx.formParam("back");
        String appPage = "/ui/apps/" + app(ctx);
        boolean ours = back != null && (back.equals(appPage) || back.startsWith(appPage + "/")) && !back.contains("//")
                && back.chars().allMatch(c -> c > 32 && c < 127);
        return ours ? back : appPage;
    }

    private String app(Context ctx) {
        return apps.get(ctx.pathParam("app")).name();
    }

    private static String required(Context ctx, String field) {
        String value = ctx.formParam(field);
        if (value == null || value.isBlank()) {
            throw Problem.invalid("the form lacks '" + field + "'");
        }
        return value;
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.invalid("'" + ctx.pathParam("id") + "' is not a promotion number");
        }
    }
}
