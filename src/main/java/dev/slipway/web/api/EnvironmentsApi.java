package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.artifact.BuiltFrom;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.environment.ServiceLogs;
import dev.slipway.pipeline.LogMasking;
import dev.slipway.promotion.PromotionOrigin;
import dev.slipway.promotion.Promotions;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** /api/v1/apps/{app}/status, environment history and a deployment's service output. */
public final class EnvironmentsApi {
    private final Apps apps;
    private final Environments environments;
    private final ServiceLogs serviceLogs;
    private final LogMasking masking;
    private final Promotions promotions;
    private final BuiltFrom builtFrom;

    public EnvironmentsApi(Apps apps, Environments environments, ServiceLogs serviceLogs, LogMasking masking,
                           Promotions promotions, BuiltFrom builtFrom) {
        this.apps = apps;
        this.environments = environments;
        this.serviceLogs = serviceLogs;
        this.masking = masking;
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
        routes.get("/api/v1/apps/{app}/environments/{env}/deployments/{id}/log", Permission.onApp(Role.VIEWER),
                this::serviceLog);
    }

    /**
     * The service's output as text. The service writes it straight to a file (so it survives a Slipway restart),
     * hence its secret values are masked here, on the way out, line by line.
     */
    private void serviceLog(Context ctx) throws IOException {
        String app = apps.get(ctx.pathParam("app")).name();
        Deployment d = environments.deployment(app, ctx.pathParam("env"), id(ctx));
        UnaryOperator<String> mask = masking.maskerFor(app);
        Optional<BufferedReader> log = serviceLogs.open(app, d.environment(), d.id());
        ctx.contentType("text/plain; charset=utf-8");
        if (log.isEmpty()) {
            return; // not started yet, or its files went with the environment: nothing to show
        }
        try (BufferedReader in = log.get()) {
            Writer out = new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(mask.apply(line));
                out.write('\n');
            }
            out.flush();
        }
    }

    private static long id(Context ctx) {
        return Json.number(ctx, "id", "a deployment number", "the id shown by GET /api/v1/apps/"
                + ctx.pathParam("app") + "/environments/" + ctx.pathParam("env") + "/deployments");
    }
}
