package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.Environment;
import dev.slipway.environment.PortMoves;
import dev.slipway.secret.ProtectedEnvironments;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;

/** POST /api/v1/apps/{app}/environments/{env}/port: moving where an environment answers. */
public final class PortsApi {
    private final Apps apps;
    private final PortMoves portMoves;
    private final ProtectedEnvironments fileSays;
    private final Access access;

    /** @param fileSays whether the app's pipeline files mark an environment protected (the server adds its own word: {@code Access#decide}) */
    public PortsApi(Apps apps, PortMoves portMoves, ProtectedEnvironments fileSays, Access access) {
        this.apps = apps;
        this.portMoves = portMoves;
        this.fileSays = fileSays;
        this.access = access;
    }

    record MovePort(Integer port) {}

    record PortMoved(String app, String environment, int from, int to, String url) {}

    public void register(Routes routes) {
        routes.post("/api/v1/apps/{app}/environments/{env}/port", Permission.onApp(Role.DEPLOYER), this::movePort);
    }

    /** Changing where an environment answers is changing the environment: its role rule, asked of Access. */
    private void movePort(Context ctx) {
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
}
