package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.auth.Access;
import dev.slipway.auth.Accounts;
import dev.slipway.auth.Grant;
import dev.slipway.auth.IssuedToken;
import dev.slipway.auth.Principal;
import dev.slipway.auth.RequestedExpiry;
import dev.slipway.auth.Role;
import dev.slipway.auth.TokenInfo;
import dev.slipway.auth.User;
import dev.slipway.pipeline.Durations;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** /api/v1/users, /api/v1/tokens, /api/v1/grants: who may do what. */
public final class AccountsApi {
    private static final String NEVER = "never";
    private final Accounts accounts;
    private final Access access;

    public AccountsApi(Accounts accounts, Access access) {
        this.accounts = accounts;
        this.access = access;
    }

    record CreateUser(String name) {}

    record CreateToken(String user, String expires) {}

    record CreateGrant(String user, String role, String app) {}

    record GrantView(String app, String role) {}

    record UserView(String name, String createdAt, List<GrantView> grants) {}

    record UserList(List<UserView> users) {}

    record TokenView(String id, String user, String createdAt, String expiresAt, String revokedAt) {}

    record NewTokenView(String id, String user, String token, String createdAt, String expiresAt) {}

    record TokenList(List<TokenView> tokens) {}

    record RevokedTokens(String user, List<TokenView> revoked) {}

    record GrantResult(String user, String app, String role, String previousRole) {}

    public void register(Routes routes) {
        routes.post("/api/v1/users", Permission.global(Role.ADMIN), ctx -> {
            CreateUser body = Json.body(ctx, CreateUser.class, "{\"name\": \"bob\"}");
            ctx.status(201).json(user(accounts.createUser(Routes.principal(ctx).user(), body.name())));
        });
        routes.get("/api/v1/users", Permission.global(Role.ADMIN),
                ctx -> ctx.json(new UserList(accounts.users().stream().map(this::user).toList())));
        routes.post("/api/v1/tokens", Permission.authenticated(), this::createToken);
        routes.get("/api/v1/tokens", Permission.authenticated(), ctx -> {
            String user = ctx.queryParam("user");
            Principal who = Routes.principal(ctx);
            String owner = user == null ? who.user() : user;
            requireSelfOrAdmin(who, owner);
            ctx.json(new TokenList(accounts.tokens(owner).stream().map(AccountsApi::token).toList()));
        });
        routes.delete("/api/v1/tokens/{id}", Permission.authenticated(), ctx -> {
            Principal who = Routes.principal(ctx);
            String id = ctx.pathParam("id");
            TokenInfo existing = accounts.tokens(null).stream().filter(t -> t.id().equals(id)).findFirst()
                    .orElseThrow(() -> Problem.notFound("token '" + id + "' does not exist: list yours with `slipway token list`"));
            requireSelfOrAdmin(who, existing.user());
            ctx.json(token(accounts.revokeToken(who.user(), id)));
        });
        routes.delete("/api/v1/users/{user}/tokens", Permission.selfOrAdmin(), ctx -> {
            String user = ctx.pathParam("user");
            List<TokenInfo> revoked = accounts.revokeAllTokens(Routes.principal(ctx).user(), user);
            ctx.json(new RevokedTokens(user, revoked.stream().map(AccountsApi::token).toList()));
        });
        routes.post("/api/v1/grants", Permission.global(Role.ADMIN), ctx -> {
            CreateGrant body = Json.body(ctx, CreateGrant.class, "{\"user\": \"bob\", \"role\": \"developer\", \"app\": \"hello\"}");
            if (body.user() == null || body.role() == null) {
                throw Problem.invalid("a grant needs user and role: send JSON like {\"user\": \"bob\", \"role\": \"developer\", \"app\": \"hello\"}");
            }
            String app = body.app() == null ? "*" : body.app();
            Role role = Role.parse(body.role());
            Optional<Grant> before = accounts.grantsOf(body.user()).stream().filter(g -> g.app().equals(app)).findFirst();
            Grant grant = accounts.grant(Routes.principal(ctx).user(), body.user(), role, app);
            ctx.status(201).json(new GrantResult(grant.user(), grant.app(), grant.role().label(),
                    before.map(g -> g.role().label()).orElse(null)));
        });
    }

    private void createToken(Context ctx) {
        CreateToken body = ctx.body().isBlank() ? new CreateToken(null, null)
                : Json.body(ctx, CreateToken.class, "{\"user\": \"bob\", \"expires\": \"30d\"}");
        Principal who = Routes.principal(ctx);
        String user = body.user() == null ? who.user() : body.user();
        requireSelfOrAdmin(who, user);
        IssuedToken issued = accounts.createToken(Routes.caller(ctx), user, expiry(body.expires()));
        TokenInfo info = issued.info();
        ctx.status(201).json(new NewTokenView(info.id(), info.user(), issued.token(), Views.time(info.createdAt()),
                Views.time(info.expiresAt())));
    }

    /** "30d", "never", or nothing (the longest the caller may give). */
    private static RequestedExpiry expiry(String expires) {
        if (expires == null) {
            return RequestedExpiry.longestAllowed();
        }
        if (expires.strip().equals(NEVER)) {
            return RequestedExpiry.never();
        }
        try {
            return RequestedExpiry.after(Durations.parse(expires.strip()));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("expires: " + e.getMessage() + ", or \"" + NEVER + "\" (admins only)");
        }
    }

    /** Your own tokens are yours to manage; anyone else's need an admin. */
    private void requireSelfOrAdmin(Principal who, String user) {
        if (!who.user().equals(user)) {
            access.require(who, Role.ADMIN, null);
        }
    }

    private UserView user(User u) {
        return new UserView(u.name(), Views.time(u.createdAt()), accounts.grantsOf(u.name()).stream()
                .map(g -> new GrantView(g.app(), g.role().label())).toList());
    }

    private static TokenView token(TokenInfo t) {
        return new TokenView(t.id(), t.user(), Views.time(t.createdAt()), Views.time(t.expiresAt()), Views.time(t.revokedAt()));
    }
}
