package dev.slipway.environment;

import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Decision;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.pipeline.EnvironmentSpec;

/**
 * Whether a push's run may deploy into an environment, as {@link Access#decide} says for {@link Action#PUSH_DEPLOY}:
 * the pusher's role against the environment, protected when its file or an admin says so.
 */
public final class PushDeployAccess implements DeployPermission {
    private final Access access;

    public PushDeployAccess(Access access) {
        this.access = access;
    }

    @Override
    public Decision decide(String user, String app, EnvironmentSpec environment) {
        return access.decide(new Principal(user), Action.PUSH_DEPLOY,
                Place.of(app, environment.name(), environment.isProtected()));
    }
}
