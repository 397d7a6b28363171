package dev.slipway.promotion;

import dev.slipway.auth.Access;
import dev.slipway.auth.Place;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.Approvals;
import dev.slipway.pipeline.EnvironmentSpec;
import java.util.Optional;

/** What a pipeline file says about an environment, in the terms {@link Access#decide} weighs. */
final class Places {
    private Places() {}

    static Place of(String app, EnvironmentSpec target) {
        return new Place(app, target.name(), target.isProtected(), approvers(target));
    }

    /** The role approving needs: the one the environment's approvals name, else the default. */
    static Role toApprove(EnvironmentSpec target) {
        return approvers(target).orElse(Role.parse(Approvals.DEFAULT_ROLE));
    }

    private static Optional<Role> approvers(EnvironmentSpec target) {
        return target.approvals().flatMap(a -> Optional.ofNullable(a.role())).map(Role::parse);
    }
}
