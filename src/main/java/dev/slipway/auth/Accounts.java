package dev.slipway.auth;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.app.AppName;
import dev.slipway.app.AppRepository;
import dev.slipway.audit.AuditLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Use cases on users, tokens and grants. Each change commits together with its audit entry. Who may call them is
 * the door's business ({@link Access}); {@code actor} is who did, for the record.
 */
public final class Accounts {
    private final UserRepository users;
    private final TokenRepository tokens;
    private final GrantRepository grants;
    private final AppRepository apps;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final TokenLifetimes lifetimes;
    private final SecureRandom random = new SecureRandom();

    public Accounts(UserRepository users, TokenRepository tokens, GrantRepository grants, AppRepository apps,
                    Transactions transactions, AuditLog audit, Clock clock, TokenLifetimes lifetimes) {
        this.users = users;
        this.tokens = tokens;
        this.grants = grants;
        this.apps = apps;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    public synchronized User createUser(String actor, String name) {
        UserName.check(name);
        return transactions.inTransaction(() -> {
            if (users.find(name).isPresent()) {
                throw Problem.conflict("user '" + name + "' already exists: give them a token with "
                        + "`slipway token create --user " + name + "`, or choose another name");
            }
            User user = new User(name, now());
            users.create(user);
            audit.record(actor, "user.created", null, "user " + name, null, name);
            return user;
        });
    }

    public List<User> users() {
        return users.list();
    }

    public List<Grant> grantsOf(String user) {
        requireUser(user);
        return grants.of(user);
    }

    /** A token for {@code user}, living as long as {@code caller} may give it (see {@link TokenLifetimes}). */
    public IssuedToken createToken(Authenticator.SignedIn caller, String user, RequestedExpiry asked) {
        Instant now = now();
        return issue(caller.principal().user(), user, lifetimes.expiry(caller, asked, now), newToken(), now);
    }

    String newToken() {
        return TokenFormat.generate(random);
    }

    /** The first admin's token (fresh, or the operator's preset): it never expires. */
    void issueForever(String actor, String user, String token) {
        issue(actor, user, null, token, now());
    }

    /** Stores {@code token} for the user, expiring at {@code expiresAt} (null: never); only its hash is kept. */
    private IssuedToken issue(String actor, String user, Instant expiresAt, String token, Instant now) {
        TokenFormat.Key key = TokenFormat.keyOf(token);
        TokenInfo info = new TokenInfo(key.id(), user, now, expiresAt, null);
        transactions.run(() -> {
            requireUser(user);
            tokens.create(info, key.secretHash());
            audit.record(actor, "token.created", null, "token " + info.id(), null,
                    "user " + user + ", " + (expiresAt == null ? "never expires" : "expires " + expiresAt));
        });
        return new IssuedToken(info, token);
    }

    public List<TokenInfo> tokens(String userOrNull) {
        if (userOrNull != null) {
            requireUser(userOrNull);
        }
        return tokens.list(userOrNull);
    }

    public TokenInfo revokeToken(String actor, String id) {
        if (!TokenFormat.isId(id)) {
            // Not echoed: people paste the whole token here, and the message would carry it into logs.
            throw Problem.invalid("that is not a token id: pass the 12-character id (like 3f2a9c01b7e4) shown by "
                    + "`slipway token create` and in token lists, not the token itself");
        }
        Instant now = now();
        return transactions.inTransaction(() -> {
            TokenInfo token = tokens.find(id).orElseThrow(() -> Problem.notFound("token " + id
                    + " does not exist: check the id shown by `slipway token create` and in token lists")).info();
            if (token.revokedAt() != null || !tokens.revoke(id, now)) {
                throw Problem.conflict("token " + id + " is already revoked: nothing to do");
            }
            boolean expired = token.expiresAt() != null && !now.isBefore(token.expiresAt());
            audit.record(actor, "token.revoked", null, "token " + id, expired ? "expired" : "active", "revoked");
            return new TokenInfo(token.id(), token.user(), token.createdAt(), token.expiresAt(), now);
        });
    }

    /**
     * Revokes every token of the user that is not revoked yet (expired ones too, so none can be found working
     * again), each with its audit entry, in one transaction; the tokens it revoked, oldest first.
     */
    public List<TokenInfo> revokeAllTokens(String actor, String user) {
        Instant now = now();
        return transactions.inTransaction(() -> {
            requireUser(user);
            List<TokenInfo> revoked = new java.util.ArrayList<>();
            for (TokenInfo token : tokens.list(user)) {
                if (token.revokedAt() == null && tokens.revoke(token.id(), now)) {
                    boolean expired = token.expiresAt() != null && !now.isBefore(token.expiresAt());
                    audit.record(actor, "token.revoked", null, "token " + token.id(), expired ? "expired" : "active",
                            "revoked (all of " + user + "'s tokens)");
                    revoked.add(new TokenInfo(token.id(), token.user(), token.createdAt(), token.expiresAt(), now));
                }
            }
            return revoked;
        });
    }

    /** Gives the user the role on the app (or on every app, "*"), replacing the role they had there. */
    public Grant grant(String actor, String user, Role role, String app) {
        if (role == null) {
            throw Problem.invalid("role is missing: use one of " + Role.CHOICES);
        }
        if (app == null || app.isBlank()) {
            throw Problem.invalid("app is missing: pass --app APP, or --app '*' for every app");
        }
        return transactions.inTransaction(() -> {
            requireUser(user);
            requireApp(app);
            Optional<Grant> before = grants.of(user).stream().filter(g -> g.app().equals(app)).findFirst();
            if (before.isPresent() && before.get().role() == role) {
                return before.get();
            }
            Grant grant = new Grant(user, app, role, now());
            grants.put(grant);
            boolean everyApp = app.equals(Grant.EVERY_APP);
            audit.record(actor, "grant.changed", everyApp ? null : app,
                    "user " + user + (everyApp ? " on every app (*)" : ""),
                    before.map(g -> g.role().label()).orElse(null), role.label());
            return grant;
        });
    }

    private void requireUser(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("user name is missing: pass --user NAME");
        }
        if (users.find(name).isEmpty()) {
            throw Problem.notFound("user '" + name + "' does not exist: create it with `slipway user create " + name + "`");
        }
    }

    private void requireApp(String app) {
        if (!app.equals(Grant.EVERY_APP) && apps.find(app).isEmpty()) {
            Problem missing = AppName.notFound(app);
            throw Problem.notFound(missing.getMessage() + ", or pass --app '*' for every app");
        }
    }

    /** Stored as epoch millis; truncating here keeps what we return equal to what we read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
