package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.Rebuild;
import dev.slipway.pipeline.Rebuilds;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;

/**
 * /api/v1/apps/{app}/rebuilds: reproducibility checks. Starting one builds a commit again on this server's job slots,
 * as a push would, so it takes a developer (who may push, hence build, anyway); reading them a viewer.
 */
final class RebuildsApi {
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1000;

    /** The body of POST …/rebuilds. */
    record NewRebuild(String commit) {}

    private final Apps apps;
    private final Rebuilds rebuilds;

    RebuildsApi(Apps apps, Rebuilds rebuilds) {
        this.apps = apps;
        this.rebuilds = rebuilds;
    }

    void register(Routes routes) {
        routes.post("/api/v1/apps/{app}/rebuilds", Permission.onApp(Role.DEVELOPER), this::start);
        routes.get("/api/v1/apps/{app}/rebuilds", Permission.onApp(Role.VIEWER), this::list);
        routes.get("/api/v1/apps/{app}/rebuilds/{rebuild}", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.json(Views.rebuild(rebuilds.find(app, Json.number(ctx, "rebuild"))));
        });
    }

    private void start(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        NewRebuild body = Json.body(ctx, NewRebuild.class, "{\"commit\": \"1a2b3c4\"}");
        Rebuild started = rebuilds.start(Routes.principal(ctx).user(), app, body.commit());
        ctx.status(202).json(Views.rebuild(started));
    }

    private void list(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        int limit = Limits.of(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        ctx.json(new Views.RebuildList(app, rebuilds.list(app, ctx.queryParam("commit"), limit).stream()
                .map(Views::rebuild).toList()));
    }
}
