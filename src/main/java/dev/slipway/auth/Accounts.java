package dev.slipway.auth;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.app.AppRepository;
import dev.slipway.audit.AuditLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Use cases on users, tokens and grants. Each change commits together with its audit entry. Who may call them is
 * the door's business ({@link Access}); {@code actor} is who did, for the record.
 */
public final class Accounts {
    /** Far enough for any real use, near enough that expiry arithmetic cannot overflow. */
    private static final Duration LONGEST_EXPIRY = Duration.ofDays(3650);

    private final UserRepository users;
    private final TokenRepository tokens;
    private final GrantRepository grants;
    private final AppRepository apps;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Accounts(UserRepository users, TokenRepository tokens, GrantRepository grants, AppRepository apps,
                    Transactions transactions, AuditLog audit, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.grants = grants;
        this.apps = apps;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
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

    public IssuedToken createToken(String actor, String user, Optional<Duration> expiresIn) {
        return issue(actor, user, expiresIn, newToken());
    }

    String newToken() {
        return TokenFormat.generate(random);
    }

    /** Stores {@code token} (fresh, or the operator's preset) for the user; only its hash is kept. */
    IssuedToken issue(String actor, String user, Optional<Duration> expiresIn, String token) {
        Instant now = now();
        Instant expiresAt = expiresIn.map(duration -> now.plus(checkExpiry(duration))).orElse(null);
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
            throw Problem.notFound("app '" + app + "' does not exist: create it with `slipway app create " + app
                    + "`, or pass --app '*' for every app");
        }
    }

    private static Duration checkExpiry(Duration duration) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST_EXPIRY) > 0) {
            throw Problem.invalid("token expiry must be between 1ms and 3650d: give a duration like 30d, "
                    + "or leave --expires out for a token that never expires");
        }
        return duration;
    }

    /** Stored as epoch millis; truncating here keeps what we return equal to what we read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
