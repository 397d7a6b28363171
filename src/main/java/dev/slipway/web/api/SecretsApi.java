package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.secret.Secrets;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.util.List;

/**
 * /api/v1/apps/{app}/environments/{env}/secrets: set a value, list the names; /api/v1/apps/{app}/secrets: the same
 * for app-wide secrets, and remove one. No route returns a value, and no error quotes the request body, since the
 * body is the secret.
 */
public final class SecretsApi {
    private static final String EXAMPLE = "{\"value\": \"…\"}";

    private final Apps apps;
    private final Secrets secrets;

    public SecretsApi(Apps apps, Secrets secrets) {
        this.apps = apps;
        this.secrets = secrets;
    }

    record SetSecret(String value) {
        @Override
        public String toString() {
            return "SetSecret[value=***]";
        }
    }

    record SecretNames(String app, String environment, List<String> names) {}

    /** {@code app_wide} is always true: a client reading both kinds of list can tell them apart. */
    record AppWideNames(String app, boolean appWide, List<String> names) {}

    public void register(Routes routes) {
        // deployer at the door; Secrets.set asks for releaser when the environment is protected
        routes.put("/api/v1/apps/{app}/environments/{env}/secrets/{name}", Permission.onApp(Role.DEPLOYER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            secrets.set(Routes.principal(ctx), app, ctx.pathParam("env"), ctx.pathParam("name"), value(ctx));
            ctx.status(204);
        });
        routes.get("/api/v1/apps/{app}/environments/{env}/secrets", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            String env = ctx.pathParam("env");
            ctx.json(new SecretNames(app, env, secrets.names(app, env)));
        });
        registerAppWide(routes);
    }

    /** Releaser at the door: an app-wide secret serves every environment, production too (Secrets asks again). */
    private void registerAppWide(Routes routes) {
        routes.put("/api/v1/apps/{app}/secrets/{name}", Permission.onApp(Role.RELEASER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            secrets.setAppWide(Routes.principal(ctx), app, ctx.pathParam("name"), value(ctx));
            ctx.status(204);
        });
        routes.delete("/api/v1/apps/{app}/secrets/{name}", Permission.onApp(Role.RELEASER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            secrets.removeAppWide(Routes.principal(ctx), app, ctx.pathParam("name"));
            ctx.status(204);
        });
        routes.get("/api/v1/apps/{app}/secrets", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.json(new AppWideNames(app, true, secrets.appWideNames(app)));
        });
    }

    /** Parsed here rather than by {@link dev.slipway.web.Json#body}: a JSON parser's message may quote the text it choked on. */
    private static String value(Context ctx) {
        SetSecret body;
        try {
            body = ctx.bodyAsClass(SetSecret.class);
        } catch (Exception e) { // Jackson's checked exceptions arrive undeclared; their messages are not repeated
            throw Problem.invalid("the request body is not JSON like " + EXAMPLE + " (the parser's details are not "
                    + "shown: they could quote the secret)");
        }
        if (body == null || body.value() == null) {
            throw Problem.invalid("the request body has no value: send JSON like " + EXAMPLE);
        }
        return body.value();
    }
}
