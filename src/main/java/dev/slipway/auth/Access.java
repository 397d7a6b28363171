package dev.slipway.auth;

import dev.slipway.Problem;
import java.util.List;
import java.util.function.Predicate;

/** Who may do what: the one authorization function every door (API, git, dashboard) calls. */
public final class Access {
    private final GrantRepository grants;
    private final ProtectionRepository protections;

    /** With no admin word on protection: production is protected, other environments as their file says. */
    public Access(GrantRepository grants) {
        this(grants, new ProtectionRepository() {
            @Override
            public void put(Protection protection) {
                throw new UnsupportedOperationException("no protections are kept here");
            }

            @Override
            public java.util.Optional<Protection> find(String app, String environment) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.List<Protection> of(String app) {
                return java.util.List.of();
            }
        });
    }

    public Access(GrantRepository grants, ProtectionRepository protections) {
        this.grants = grants;
        this.protections = protections;
    }

    /**
     * The one authorization decision for what lands in an environment: who may deploy, promote, roll back, swap, set
     * secrets, move ports, approve, reject and protect. Changing a protected environment needs a releaser, any other
     * the action's own role ({@link Action}); approving needs the role the environment's approvals name.
     */
    public Decision decide(Principal who, Action action, Place place) {
        boolean isProtected = isProtected(place);
        Role needed = needed(action, place, isProtected);
        if (who == null) {
            return new Decision.Refused(null, action, place, needed, null, isProtected);
        }
        Role has = roleOf(who.user(), place.app());
        return enough(has, needed) ? new Decision.Allowed()
                : new Decision.Refused(who.user(), action, place, needed, has, isProtected);
    }

    private static Role needed(Action action, Place place, boolean isProtected) {
        return switch (action) {
            case APPROVE -> place.approvers().orElse(Role.RELEASER);
            case REJECT -> place.approvers().orElse(isProtected ? Role.RELEASER : action.unprotected());
            case PROTECT -> action.unprotected();
            default -> isProtected ? Role.RELEASER : action.unprotected();
        };
    }

    /**
     * The pipeline file is in the repository, where a developer may edit it, so it can only make this stricter: an
     * environment is protected when its file says so, or an admin protected it ({@link Protections}), or — unless
     * an admin unprotected it — it is {@value Protections#ALWAYS}.
     */
    private boolean isProtected(Place place) {
        if (place.fileProtects()) {
            return true;
        }
        return protections.find(place.app(), place.environment()).map(Protection::isProtected)
                .orElse(place.environment().equals(Protections.ALWAYS));
    }

    /**
     * Whether {@code user} names who pushed to a followed repository from a forge account linked to no Slipway user:
     * {@code github:LOGIN}, {@code gitlab:LOGIN}, {@code gitea:LOGIN}, or {@code forge:unknown} when only polling saw
     * the change. No one can sign in by such a name (user names never hold a colon); only the mirror acts as one.
     */
    public static boolean isForgePusher(String user) {
        return user != null && user.indexOf(':') > 0;
    }

    /**
     * The user's role on the app: the higher of their grant on it and on every app; null if neither. A push the forge
     * accepted from an unlinked account is a developer's push: it builds and deploys where developers' pushes do;
     * protected environments and approvals need the account linked to a user who holds the role.
     */
    public Role roleOf(String user, String app) {
        if (isForgePusher(user) && app != null) {
            return Role.DEVELOPER;
        }
        return roleOf(grants.of(user), app);
    }

    private static Role roleOf(List<Grant> held, String app) {
        Role best = null;
        for (Grant grant : held) {
            boolean applies = grant.app().equals(Grant.EVERY_APP) || grant.app().equals(app);
            if (applies && (best == null || grant.role().includes(best))) {
                best = grant.role();
            }
        }
        return best;
    }

    /** Refuses unless the caller has {@code needed} on {@code app}; app null is a global action (needs a "*" grant). */
    public void require(Principal who, Role needed, String app) {
        if (who == null) {
            throw Problem.unauthenticated(Authenticator.MISSING);
        }
        Role has = roleOf(who.user(), app);
        if (enough(has, needed)) {
            return;
        }
        String where = app == null ? "on every app" : "on app '" + app + "'";
        String grantApp = app == null ? "'" + Grant.EVERY_APP + "'" : app;
        throw Problem.forbidden("user '" + who.user() + "' needs role " + needed.label() + " " + where
                + " (has " + (has == null ? "none" : has.label()) + "); an admin can run `slipway grant "
                + who.user() + " " + needed.label() + " --app " + grantApp + "`");
    }

    public boolean allows(Principal who, Role needed, String app) {
        return who != null && enough(roleOf(who.user(), app), needed);
    }

    /**
     * Which apps the caller holds {@code needed} on, by one read of their grants: for a page that lists every app.
     * Same answers as {@link #allows} for each app.
     */
    public Predicate<String> appsAllowing(Principal who, Role needed) {
        if (who == null) {
            return app -> false;
        }
        List<Grant> held = grants.of(who.user());
        return app -> enough(roleOf(held, app), needed);
    }

    private static boolean enough(Role has, Role needed) {
        return has != null && has.includes(needed);
    }
}
