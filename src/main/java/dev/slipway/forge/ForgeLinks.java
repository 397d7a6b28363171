package dev.slipway.forge;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.UserRepository;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Links forge logins to Slipway users, so that a webhook's pusher is a person Slipway knows (and "not the author"
 * rules hold across the forge and the built-in remote). Each change commits with its audit entry. Who may call them
 * is the door's business; {@code actor} is who did, for the record.
 */
public final class ForgeLinks {
    private final ForgeLoginRepository logins;
    private final UserRepository users;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public ForgeLinks(ForgeLoginRepository logins, UserRepository users, Transactions transactions, AuditLog audit,
                      Clock clock) {
        this.logins = logins;
        this.users = users;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Links {@code login} on the forge to {@code user}, replacing the user's earlier link there; idempotent. */
    public ForgeLogin link(String actor, String user, Forge forge, String login) {
        ForgeLogin.checkLogin(login);
        return transactions.inTransaction(() -> {
            requireUser(user);
            Optional<ForgeLogin> owner = logins.find(forge, login);
            if (owner.isPresent() && !owner.get().user().equals(user)) {
                throw Problem.conflict(forge.id() + " login '" + login + "' is linked to user '" + owner.get().user()
                        + "' already: unlink it first with `slipway user unlink " + owner.get().user() + " --"
                        + forge.id() + "`");
            }
            Optional<ForgeLogin> before = logins.ofUser(forge, user);
            if (before.isPresent() && before.get().key().equals(ForgeLogin.key(login))
                    && before.get().login().equals(login)) {
                return before.get();
            }
            before.ifPresent(b -> logins.remove(forge, user));
            ForgeLogin link = new ForgeLogin(forge, login, user, clock.instant().truncatedTo(ChronoUnit.MILLIS), actor);
            if (!logins.create(link)) { // two admins at once: the other's link is there now
                throw Problem.conflict(forge.id() + " login '" + login + "' or user '" + user + "' was linked by "
                        + "someone else just now: see `slipway user links " + user + "` and try again");
            }
            audit.record(actor, "user.linked", null, "user " + user, before.map(ForgeLinks::describe).orElse(null),
                    describe(link));
            return link;
        });
    }

    /** Removes the user's link on the forge. */
    public ForgeLogin unlink(String actor, String user, Forge forge) {
        return transactions.inTransaction(() -> {
            requireUser(user);
            ForgeLogin link = logins.ofUser(forge, user).orElseThrow(() -> Problem.notFound("user '" + user
                    + "' has no " + forge.id() + " login linked: nothing to unlink (see `slipway user links " + user
                    + "`)"));
            logins.remove(forge, user);
            audit.record(actor, "user.unlinked", null, "user " + user, describe(link), null);
            return link;
        });
    }

    public List<ForgeLogin> of(String user) {
        requireUser(user);
        return logins.ofUser(user);
    }

    /** Who pushed, for a webhook's hint: the linked user's name, else {@code FORGE:LOGIN} (github:octocat). */
    public String pusherFor(Forge forge, String login) {
        return logins.find(forge, login).map(ForgeLogin::user).orElse(forge.id() + ":" + login);
    }

    private static String describe(ForgeLogin link) {
        return link.forge().id() + ":" + link.login();
    }

    private void requireUser(String name) {
        if (users.find(name).isEmpty()) {
            throw Problem.notFound("user '" + name + "' does not exist: create it with `slipway user create " + name
                    + "`");
        }
    }
}
