package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.artifact.BuiltFrom;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.promotion.PromotionOrigin;
import dev.slipway.promotion.Promotions;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** /api/v1/apps/{app}/status and environment history (a service's output: {@link ServiceLogsApi}). */
public final class EnvironmentsApi {
    private final Apps apps;
    private final Environments environments;
    private final Promotions promotions;
    private final BuiltFrom builtFrom;

    public EnvironmentsApi(Apps apps, Environments environments, Promotions promotions, BuiltFrom builtFrom) {
        this.apps = apps;
        this.environments = environments;
        this.promotions = promotions;
        this.builtFrom = builtFrom;
    }

    public void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/status", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            List<EnvironmentStatus> status = environments.status(app);
            Map<Digest, String> built = builtFrom.commits(app, status.stream()
                    .flatMap(s -> Stream.of(s.live(), s.latest()).flatMap(Optional::stream)).map(Deployment::digest).toList());
            ctx.json(new Views.Status(app, status.stream().map(s -> Views.environment(s, built)).toList()));
        });
        routes.get("/api/v1/apps/{app}/environments/{env}/deployments", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            String env = ctx.pathParam("env");
            Map<Long, PromotionOrigin> origins = promotions.origins(app, env, 100);
            List<Deployment> history = environments.history(app, env, 100);
            Map<Digest, String> built = builtFrom.commits(app, history.stream().map(Deployment::digest).toList());
            ctx.json(new Views.History(app, env, history.stream()
                    .map(d -> Views.deployment(d, origins.get(d.id()), built)).toList()));
        });
    }
}
