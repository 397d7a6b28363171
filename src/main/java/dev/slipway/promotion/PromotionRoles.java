package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.Approvals;
import dev.slipway.pipeline.EnvironmentSpec;
import java.util.Optional;

/**
 * The role rules of promotion, asked of {@link Access} (the one authorization function): putting an artifact into
 * a protected environment (by promotion or rollback) needs a releaser, into any other a deployer; approving needs
 * the role the environment's approvals name.
 */
final class PromotionRoles {
    private final Access access;

    PromotionRoles(Access access) {
        this.access = access;
    }

    static Role toApprove(EnvironmentSpec target) {
        return Role.parse(target.approvals().map(Approvals::role).orElse(Approvals.DEFAULT_ROLE));
    }

    /** {@code doing} completes "needs role R on app A to …", e.g. "promote into". */
    void requireDeploy(Principal who, String app, EnvironmentSpec target, String doing) {
        requireDeploy(who, app, target.name(), target.isProtected(), doing);
    }

    /** @param fileSays whether the pipeline file in question marks the environment protected (see {@link Access#isProtected}) */
    void requireDeploy(Principal who, String app, String environment, boolean fileSays, String doing) {
        boolean isProtected = access.isProtected(app, environment, fileSays);
        require(who, isProtected ? Role.RELEASER : Role.DEPLOYER, app, doing + " " + (isProtected ? "protected " : "")
                + "environment " + environment);
    }

    void require(Principal who, Role needed, String app, String why) {
        if (access.allows(who, needed, app)) {
            return;
        }
        if (who == null) {
            access.require(null, needed, app); // the standard "authentication required" problem
        }
        String has = Optional.ofNullable(access.roleOf(who.user(), app)).map(Role::label).orElse("none");
        throw Problem.forbidden("user '" + who.user() + "' needs role " + needed.label() + " on app '" + app + "' to "
                + why + " (has " + has + "); an admin can run `slipway grant " + who.user() + " " + needed.label()
                + " --app " + app + "`");
    }

    boolean holds(String user, Role role, String app) {
        return access.allows(new Principal(user), role, app);
    }
}
