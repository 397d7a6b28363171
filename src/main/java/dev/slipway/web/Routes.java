package dev.slipway.web;

import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Registers API routes, each with the permission it requires. The check runs before the handler, through the one
 * authorization function ({@link Access#require}); a route cannot be added without saying who may call it.
 */
public final class Routes {
    private static final String PRINCIPAL = "slipway.principal";
    private static final String CALLER = "slipway.caller";
    private static final String DOOR = "slipway.door";

    /** A registered route, for the permission matrix. */
    public record Entry(String method, String path, Permission permission) {}

    private final RoutesConfig config;
    private final Function<Context, Authenticator.SignedIn> authenticate;
    private final Access access;
    private final List<Entry> entries;

    public Routes(RoutesConfig config, Authenticator authenticator, Access access) {
        this(config, ctx -> authenticator.identify(ctx.header("Authorization")), access, new ArrayList<>());
    }

    private Routes(RoutesConfig config, Function<Context, Authenticator.SignedIn> authenticate, Access access,
                   List<Entry> entries) {
        this.config = config;
        this.authenticate = authenticate;
        this.access = access;
        this.entries = entries;
    }

    /** The same door for other callers (the dashboard's session cookie); its routes join the one route table. */
    public Routes authenticatedBy(Function<Context, Authenticator.SignedIn> other) {
        return new Routes(config, other, access, entries);
    }

    public void get(String path, Permission permission, Handler handler) {
        add(HandlerType.GET, path, permission, handler);
    }

    public void post(String path, Permission permission, Handler handler) {
        add(HandlerType.POST, path, permission, handler);
    }

    public void put(String path, Permission permission, Handler handler) {
        add(HandlerType.PUT, path, permission, handler);
    }

    public void delete(String path, Permission permission, Handler handler) {
        add(HandlerType.DELETE, path, permission, handler);
    }

    private void add(HandlerType method, String path, Permission permission, Handler handler) {
        entries.add(new Entry(method.name(), path, permission));
        config.addHttpHandler(method, path, guarded(permission, handler));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    private Handler guarded(Permission permission, Handler handler) {
        return ctx -> {
            if (permission instanceof Permission.OfRun run) {
                RunDoor.admit(run, ctx);
            } else if (!(permission instanceof Permission.Anyone)) {
                Authenticator.SignedIn caller = admit(permission, ctx);
                ctx.attribute(CALLER, caller);
                ctx.attribute(PRINCIPAL, caller.principal());
                ctx.attribute(DOOR, (Runnable) () -> admit(permission, ctx));
            }
            handler.handle(ctx);
        };
    }

    /** Who the caller is, if the permission lets them in; a {@link dev.slipway.Problem} saying why not otherwise. */
    private Authenticator.SignedIn admit(Permission permission, Context ctx) {
        Authenticator.SignedIn caller = authenticate.apply(ctx);
        Principal who = caller.principal();
        if (permission instanceof Permission.OnApp onApp) {
            access.require(who, onApp.role(), ctx.pathParam("app"));
        } else if (permission instanceof Permission.Global global) {
            access.require(who, global.role(), null);
        } else if (permission instanceof Permission.SelfOrAdmin && !who.user().equals(ctx.pathParam("user"))) {
            access.require(who, Role.ADMIN, null);
        }
        return caller;
    }

    /**
     * Passes this request through its route's door again, as it is now (token revoked or expired? role taken
     * away?): an open stream asks this every few seconds ({@link StreamChecks}). Throws the door's refusal.
     */
    static void recheck(Context ctx) {
        Runnable door = ctx.attribute(DOOR);
        if (door != null) {
            door.run();
        }
    }

    /** The authenticated caller of a guarded route, with the token they came with. */
    public static Authenticator.SignedIn caller(Context ctx) {
        Authenticator.SignedIn caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller: the route was registered without authentication");
        }
        return caller;
    }

    /** The authenticated caller of a guarded route. */
    public static Principal principal(Context ctx) {
        Principal who = ctx.attribute(PRINCIPAL);
        if (who == null) {
            throw new IllegalStateException("no principal: the route was registered without authentication");
        }
        return who;
    }
}
