package dev.slipway.web;

import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Registers API routes, each with the permission it requires. The check runs before the handler, through the one
 * authorization function ({@link Access#require}); a route cannot be added without saying who may call it.
 */
final class Routes {
    private static final String PRINCIPAL = "slipway.principal";

    /** A registered route, for the permission matrix. */
    record Entry(String method, String path, Permission permission) {}

    private final RoutesConfig config;
    private final Function<Context, Principal> authenticate;
    private final Access access;
    private final List<Entry> entries;

    Routes(RoutesConfig config, Authenticator authenticator, Access access) {
        this(config, ctx -> authenticator.authenticate(ctx.header("Authorization")), access, new ArrayList<>());
    }

    private Routes(RoutesConfig config, Function<Context, Principal> authenticate, Access access, List<Entry> entries) {
        this.config = config;
        this.authenticate = authenticate;
        this.access = access;
        this.entries = entries;
    }

    /** The same door for other callers (the dashboard's session cookie); its routes join the one route table. */
    Routes authenticatedBy(Function<Context, Principal> other) {
        return new Routes(config, other, access, entries);
    }

    void get(String path, Permission permission, Handler handler) {
        entries.add(new Entry("GET", path, permission));
        config.get(path, guarded(permission, handler));
    }

    void post(String path, Permission permission, Handler handler) {
        entries.add(new Entry("POST", path, permission));
        config.post(path, guarded(permission, handler));
    }

    void put(String path, Permission permission, Handler handler) {
        entries.add(new Entry("PUT", path, permission));
        config.put(path, guarded(permission, handler));
    }

    void delete(String path, Permission permission, Handler handler) {
        entries.add(new Entry("DELETE", path, permission));
        config.delete(path, guarded(permission, handler));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    RoutesConfig config() {
        return config;
    }

    Access access() {
        return access;
    }

    private Handler guarded(Permission permission, Handler handler) {
        return ctx -> {
            if (!(permission instanceof Permission.Anyone)) {
                Principal who = authenticate.apply(ctx);
                ctx.attribute(PRINCIPAL, who);
                if (permission instanceof Permission.OnApp onApp) {
                    access.require(who, onApp.role(), ctx.pathParam("app"));
                } else if (permission instanceof Permission.Global global) {
                    access.require(who, global.role(), null);
                }
            }
            handler.handle(ctx);
        };
    }

    /** The authenticated caller of a guarded route. */
    static Principal principal(Context ctx) {
        Principal who = ctx.attribute(PRINCIPAL);
        if (who == null) {
            throw new IllegalStateException("no principal: the route was registered without authentication");
        }
        return who;
    }
}
