package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.promotion.Approval;
import dev.slipway.promotion.GateStatus;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionDetail;
import dev.slipway.promotion.PromotionRequest;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.promotion.Promotions;
import dev.slipway.promotion.Restarts;
import dev.slipway.promotion.Rollbacks;
import dev.slipway.promotion.Swaps;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * /api/v1/apps/{app}/promotions (request, list, show, approve, reject) and an environment's rollback, swap and
 * restart. The door
 * checks the least any environment could ask; the real rule depends on the environment (protected or not, the role
 * its approvals name) and is checked inside, through the same authorization function.
 */
public final class PromotionsApi {
    private static final int DEFAULT_LIMIT = 50;

    private final Apps apps;
    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final Swaps swaps;
    private final Restarts restarts;

    public PromotionsApi(Apps apps, Promotions promotions, Rollbacks rollbacks, Swaps swaps, Restarts restarts) {
        this.swaps = swaps;
        this.restarts = restarts;
        this.apps = apps;
        this.promotions = promotions;
        this.rollbacks = rollbacks;
    }

    record NewPromotion(String environment, String commit, String from) {}

    record Rejection(String reason) {}

    record RollbackTo(Long to) {}

    record GateView(String name, String status, String detail, String retryAt) {}

    record ApprovalView(String user, String decision, String reason, String at) {}

    record PromotionView(String app, long id, String environment, String digest, String commit, long run, String source,
                         String requestedBy, String author, String state, String reason, Long deployment,
                         String createdAt, String updatedAt, List<GateView> gates, List<ApprovalView> approvals) {}

    record PromotionList(String app, List<PromotionView> promotions) {}

    public void register(Routes routes) {
        String base = "/api/v1/apps/{app}/promotions";
        // Deployer is the least any environment asks of a promoter; protected ones ask releaser, checked inside.
        routes.post(base, Permission.onApp(Role.DEPLOYER), this::request);
        routes.get(base, Permission.onApp(Role.VIEWER), ctx -> {
            String app = app(ctx);
            ctx.json(new PromotionList(app, promotions.list(app, DEFAULT_LIMIT).stream().map(PromotionsApi::view).toList()));
        });
        routes.get(base + "/{id}", Permission.onApp(Role.VIEWER), ctx -> ctx.json(view(promotions.show(app(ctx), id(ctx)))));
        // approvals.role may name any role down to viewer, so the door can only ask for a role on the app.
        routes.post(base + "/{id}/approve", Permission.onApp(Role.VIEWER),
                ctx -> ctx.json(view(promotions.approve(Routes.principal(ctx), app(ctx), id(ctx)))));
        routes.post(base + "/{id}/reject", Permission.onApp(Role.VIEWER), ctx -> {
            Rejection body = Json.body(ctx, Rejection.class, "{\"reason\": \"breaks the checkout page\"}");
            ctx.json(view(promotions.reject(Routes.principal(ctx), app(ctx), id(ctx), body.reason())));
        });
        routes.post("/api/v1/apps/{app}/environments/{env}/rollback", Permission.onApp(Role.DEPLOYER), ctx -> {
            RollbackTo body = ctx.body().isBlank() ? new RollbackTo(null) : Json.body(ctx, RollbackTo.class, "{\"to\": 3}");
            ctx.status(202).json(Views.deployment(rollbacks.rollback(Routes.principal(ctx), app(ctx), ctx.pathParam("env"),
                    Optional.ofNullable(body.to()))));
        });
        routes.post("/api/v1/apps/{app}/environments/{env}/swap", Permission.onApp(Role.DEPLOYER), ctx ->
                ctx.json(Views.deployment(swaps.swap(Routes.principal(ctx), app(ctx), ctx.pathParam("env")))));
        // the live deployment started again in place; answers once it is healthy, with its new process
        routes.post("/api/v1/apps/{app}/environments/{env}/restart", Permission.onApp(Role.DEPLOYER), ctx ->
                ctx.json(Views.deployment(restarts.restart(Routes.principal(ctx), app(ctx), ctx.pathParam("env")))));
    }

    private void request(Context ctx) {
        NewPromotion body = Json.body(ctx, NewPromotion.class,
                "{\"environment\": \"production\", \"from\": \"staging\"} or {\"environment\": \"production\", \"commit\": \"3f2a9c1\"}");
        String agent = ctx.header("User-Agent");
        PromotionSource source = agent != null && agent.startsWith("slipway-cli") ? PromotionSource.CLI : PromotionSource.API;
        PromotionDetail detail = promotions.request(new PromotionRequest(app(ctx), body.environment(),
                Optional.ofNullable(body.commit()), Optional.ofNullable(body.from()), source, Routes.principal(ctx)));
        ctx.status(201).json(view(detail));
    }

    private String app(Context ctx) {
        return apps.get(ctx.pathParam("app")).name();
    }

    private static long id(Context ctx) {
        return Json.number(ctx, "id", "a promotion number", "the number shown by `slipway promotion list`");
    }

    static PromotionView view(PromotionDetail detail) {
        Promotion p = detail.promotion();
        return new PromotionView(p.app(), p.id(), p.environment(), p.digest().toString(), p.commit(), p.run(),
                lower(p.source().name()), p.requestedBy(), p.author(), p.state().name(), p.reason(), p.deployment(),
                Views.time(p.createdAt()), Views.time(p.updatedAt()),
                detail.gates().stream().map(g -> gate(g, p)).toList(),
                detail.approvals().stream().map(PromotionsApi::approval).toList());
    }

    /** passed, waiting (it may still pass), or not met (the promotion ended without it). */
    private static GateView gate(GateStatus g, Promotion p) {
        String status = g.passed() ? "passed" : p.state().isFinal() ? "not met" : "waiting";
        return new GateView(g.name(), status, g.detail(), g.retryAt().map(Views::time).orElse(null));
    }

    private static ApprovalView approval(Approval a) {
        return new ApprovalView(a.user(), lower(a.decision().name()), a.reason(), Views.time(a.at()));
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
