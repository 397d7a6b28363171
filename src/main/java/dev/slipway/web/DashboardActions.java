package dev.slipway.web;

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
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * The dashboard's buttons: the same use cases as the API (which check the roles inside), behind the same door
 * permissions, each answered by a redirect to the app page that shows the result (post → redirect → get).
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

    void register(Routes routes, SignIn signIn) {
        String base = "/ui/apps/{app}";
        routes.post(base + "/promotions", Permission.onApp(Role.DEPLOYER), ctx -> {
            String env = required(ctx, "environment");
            PromotionDetail d = promotions.request(new PromotionRequest(app(ctx), env, Optional.empty(),
                    Optional.of(required(ctx, "from")), PromotionSource.API, Routes.principal(ctx)));
            done(ctx, signIn, describe(d));
        });
        routes.post(base + "/promotions/{id}/approve", Permission.onApp(Role.VIEWER), ctx ->
                done(ctx, signIn, describe(promotions.approve(Routes.principal(ctx), app(ctx), id(ctx)))));
        routes.post(base + "/promotions/{id}/reject", Permission.onApp(Role.VIEWER), ctx -> {
            String reason = Optional.ofNullable(ctx.formParam("reason")).filter(r -> !r.isBlank())
                    .orElse("rejected from the dashboard");
            done(ctx, signIn, describe(promotions.reject(Routes.principal(ctx), app(ctx), id(ctx), reason)));
        });
        routes.post(base + "/environments/{env}/rollback", Permission.onApp(Role.DEPLOYER), ctx -> {
            Optional<Long> to = Optional.ofNullable(ctx.formParam("to")).filter(t -> !t.isBlank()).map(t -> {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw Problem.invalid("'" + t + "' is not a deployment number");
                }
            });
            Deployment d = rollbacks.rollback(Routes.principal(ctx), app(ctx), ctx.pathParam("env"), to);
            done(ctx, signIn, "Rolling back " + d.environment() + " to commit " + Summaries.shortCommit(d.commit())
                    + " (" + Summaries.shortDigest(d.digest()) + "), deployment #" + d.id());
        });
        routes.post(base + "/environments/{env}/swap", Permission.onApp(Role.DEPLOYER), ctx -> {
            Deployment d = swaps.swap(Routes.principal(ctx), app(ctx), ctx.pathParam("env"));
            done(ctx, signIn, "Swapped " + d.environment() + ": it now serves commit " + Summaries.shortCommit(d.commit())
                    + " (" + Summaries.shortDigest(d.digest()) + "), deployment #" + d.id()
                    + d.slotName().map(slot -> " in slot " + slot).orElse(""));
        });
    }

    private static String describe(PromotionDetail d) {
        var p = d.promotion();
        return "Promotion #" + p.id() + " to " + p.environment() + ": " + p.state()
                + (p.reason() == null ? "" : " (" + p.reason() + ")");
    }

    private void done(Context ctx, SignIn signIn, String message) {
        signIn.flash(ctx, message);
        // back to the page the button was on, if it is one of this app's pages (never elsewhere)
        String back = ctx.formParam("back");
        String appPage = "/ui/apps/" + app(ctx);
        boolean ours = back != null && (back.equals(appPage) || back.startsWith(appPage + "/")) && !back.contains("//")
                && back.chars().allMatch(c -> c > 32 && c < 127);
        ctx.redirect(ours ? back : appPage, HttpStatus.SEE_OTHER);
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
