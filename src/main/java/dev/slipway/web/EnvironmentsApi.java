package dev.slipway.web;

import dev.slipway.app.Apps;
import dev.slipway.environment.Environments;
import dev.slipway.auth.Role;

/** /api/v1/apps/{app}/status and environment history. */
public final class EnvironmentsApi {
    private final Apps apps;
    private final Environments environments;

    public EnvironmentsApi(Apps apps, Environments environments) {
        this.apps = apps;
        this.environments = environments;
    }

    void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/status", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.json(new Views.Status(app, environments.status(app).stream().map(Views::environment).toList()));
        });
        routes.get("/api/v1/apps/{app}/environments/{env}/deployments", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            String env = ctx.pathParam("env");
            ctx.json(new Views.History(app, env,
                    environments.history(app, env, 100).stream().map(Views::deployment).toList()));
        });
    }
}
