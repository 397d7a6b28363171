package dev.slipway.secret;

import dev.slipway.Problem;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;

/**
 * Who may set a secret: a deployer, or a releaser when the environment is protected — the same line as for
 * deploying there, since whoever sets a secret decides what the service runs with.
 */
public final class SecretPolicy {
    private final Access access;
    private final ProtectedEnvironments protection;

    public SecretPolicy(Access access, ProtectedEnvironments protection) {
        this.access = access;
        this.protection = protection;
    }

    public void requireMaySet(Principal who, String app, String environment) {
        boolean isProtected = protection.isProtected(app, environment);
        Role needed = isProtected ? Role.RELEASER : Role.DEPLOYER;
        try {
            access.require(who, needed, app);
        } catch (Problem refused) {
            if (refused.kind() != Problem.Kind.FORBIDDEN) {
                throw refused;
            }
            throw Problem.forbidden("setting a secret of " + (isProtected ? "protected " : "") + "environment "
                    + environment + ": " + refused.getMessage());
        }
    }
}
