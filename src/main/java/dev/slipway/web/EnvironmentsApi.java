package dev.slipway.web;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.Environment;
import dev.slipway.environment.Environments;
import dev.slipway.environment.PortMoves;
import dev.slipway.environment.ServiceLogs;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.LogMasking;
import dev.slipway.secret.ProtectedEnvironments;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** /api/v1/apps/{app}/status, environment history, a deployment's service output, and moving an environment's port. */
public final class EnvironmentsApi {
    private final Apps apps;
    private final Environments environments;
    private final ServiceLogs serviceLogs;
    private final LogMasking masking;
    private final PortMoves portMoves;
    private final ProtectedEnvironments fileSays;

    /** @param fileSays whether the app's pipeline files mark an environment protected (the server adds its own word: {@code Access#decide}) */
    public EnvironmentsApi(Apps apps, Environments environments, ServiceLogs serviceLogs, LogMasking masking,
                           PortMoves portMoves, ProtectedEnvironments fileSays) {
        this.apps = apps;
        this.environments = environments;
        this.serviceLogs = serviceLogs;
        this.masking = masking;
        this.portMoves = portMoves;
        this.fileSays = fileSays;
    }

    record MovePort(Integer port) {}

    record PortMoved(String app, String environment, int from, int to, String url) {}

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
        routes.get("/api/v1/apps/{app}/environments/{env}/deployments/{id}/log", Permission.onApp(Role.VIEWER),
                this::serviceLog);
        routes.post("/api/v1/apps/{app}/environments/{env}/port", Permission.onApp(Role.DEPLOYER),
                ctx -> movePort(ctx, routes.access()));
    }

    /** Changing where an environment answers is changing the environment: its role rule, asked of Access. */
    private void movePort(Context ctx, Access access) {
        String app = apps.get(ctx.pathParam("app")).name();
        MovePort body = ctx.body().isBlank() ? new MovePort(null) : Json.body(ctx, MovePort.class, "{\"port\": 41234}");
        Environment env = portMoves.environment(app, ctx.pathParam("env"));
        Principal who = Routes.principal(ctx);
        // protection is the pipeline file's environment's (an ephemeral instance is protected as its spec is)
        access.decide(who, Action.MOVE_PORT, Place.of(app, env.specName(), fileSays.isProtected(app, env.specName())))
                .orThrow();
        PortMoves.Moved moved = portMoves.move(who.user(), app, env.name(), body.port());
        ctx.json(new PortMoved(moved.app(), moved.environment(), moved.from(), moved.to(), moved.url()));
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
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.invalid("'" + raw + "' is not a deployment number: use the id shown by GET /api/v1/apps/"
                    + ctx.pathParam("app") + "/environments/" + ctx.pathParam("env") + "/deployments");
        }
    }
}
