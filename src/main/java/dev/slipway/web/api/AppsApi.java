package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.app.Apps;
import dev.slipway.app.GitRepositories;
import dev.slipway.auth.Access;
import dev.slipway.auth.Role;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;

/** /api/v1/apps */
public final class AppsApi {
    private final Apps apps;
    private final GitRepositories git;
    private final String baseUrl;
    private final Access access;

    public AppsApi(Apps apps, GitRepositories git, String baseUrl, Access access) {
        this.apps = apps;
        this.git = git;
        this.baseUrl = baseUrl;
        this.access = access;
    }

    record CreateApp(String name) {}

    public void register(Routes routes) {
        routes.post("/api/v1/apps", Permission.global(Role.ADMIN), this::create);
        // Everyone signed in may list, but sees only the apps they hold a role on.
        routes.get("/api/v1/apps", Permission.authenticated(), ctx -> ctx.json(new Views.AppList(apps.list().stream()
                .filter(app -> access.allows(Routes.principal(ctx), Role.VIEWER, app.name()))
                .map(app -> view(app, ctx)).toList())));
        routes.get("/api/v1/apps/{app}", Permission.onApp(Role.VIEWER),
                ctx -> ctx.json(view(apps.get(ctx.pathParam("app")), ctx)));
    }

    private void create(Context ctx) {
        CreateApp body = Json.body(ctx, CreateApp.class, "{\"name\": \"hello\"}");
        App app = apps.create(Routes.principal(ctx).user(), body.name());
        ctx.status(201).json(view(app, ctx));
    }

    private Views.AppView view(App app, Context ctx) {
        return Views.app(app, git.cloneUrl(app.name(), baseUrl), Routes.principal(ctx).user());
    }
}
