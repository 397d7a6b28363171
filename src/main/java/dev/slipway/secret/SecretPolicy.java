package dev.slipway.secret;

import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;

/** Who may set a secret, asked of {@link Access#decide} with what the pipeline files say about the environment. */
public final class SecretPolicy {
    private final Access access;
    private final ProtectedEnvironments fileSays;

    /** @param fileSays the pipeline files' word only: the server's (an admin's, production's) is added by Access */
    public SecretPolicy(Access access, ProtectedEnvironments fileSays) {
        this.access = access;
        this.fileSays = fileSays;
    }

    public void requireMaySet(Principal who, String app, String environment) {
        access.decide(who, Action.SET_SECRET, Place.of(app, environment, fileSays.isProtected(app, environment)))
                .orThrow();
    }

    /**
     * An app-wide secret serves every environment, production included (an external registry's login), so it needs
     * the role a protected environment's secret needs, whatever any one environment's protection says.
     */
    public void requireMaySetAppWide(Principal who, String app) {
        access.require(who, Role.RELEASER, app);
    }
}
