package dev.slipway.web.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Protection;
import dev.slipway.auth.Protections;
import dev.slipway.auth.Role;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;

/**
 * An admin's word on which environments are protected: PUT …/environments/{env}/protection, GET …/protections.
 * A pipeline file can only make an environment stricter, never lift what is said here.
 */
public final class ProtectionsApi {
    private static final String EXAMPLE = "{\"protected\": true}";

    private final Apps apps;
    private final Protections protections;
    private final Access access;

    public ProtectionsApi(Apps apps, Protections protections, Access access) {
        this.apps = apps;
        this.protections = protections;
        this.access = access;
    }

    record SetProtection(@JsonProperty("protected") Boolean isProtected) {}

    record ProtectionView(String app, String environment, @JsonProperty("protected") boolean isProtected, String setBy,
                          String setAt) {}

    record ProtectionList(String app, List<ProtectionView> protections) {}

    public void register(Routes routes) {
        routes.put("/api/v1/apps/{app}/environments/{env}/protection", Permission.onApp(Role.ADMIN), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            SetProtection body = Json.body(ctx, SetProtection.class, EXAMPLE);
            if (body.isProtected() == null) {
                throw Problem.invalid("the request body lacks \"protected\": send JSON like " + EXAMPLE);
            }
            String env = ctx.pathParam("env");
            // the door let an admin of the app in; the decision is still Access's, like every environment action's
            access.decide(Routes.principal(ctx), Action.PROTECT, Place.of(app, env, false)).orThrow();
            ctx.json(view(protections.set(Routes.principal(ctx).user(), app, env, body.isProtected())));
        });
        routes.get("/api/v1/apps/{app}/protections", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.json(new ProtectionList(app, protections.of(app).stream().map(ProtectionsApi::view).toList()));
        });
    }

    private static ProtectionView view(Protection p) {
        return new ProtectionView(p.app(), p.environment(), p.isProtected(), p.setBy(), Views.time(p.setAt()));
    }
}
