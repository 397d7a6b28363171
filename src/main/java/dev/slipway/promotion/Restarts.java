package dev.slipway.promotion;

import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.Supervisor;

/**
 * `slipway restart`: the environment's live deployment started again in place, from its artifact, whatever its
 * restart policy. Like a rollback it answers to the environment's role rule (releaser where protected, else
 * deployer); the supervisor audits it with the caller's name.
 */
public final class Restarts {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Candidates candidates;
    private final Supervisor supervisor;
    private final Access access;

    public Restarts(EnvironmentRepository environments, DeploymentRepository deployments, Candidates candidates,
                    Supervisor supervisor, Access access) {
        this.environments = environments;
        this.deployments = deployments;
        this.candidates = candidates;
        this.supervisor = supervisor;
        this.access = access;
    }

    /** Returns the live deployment once it runs again and answers its health check. */
    public Deployment restart(Principal actor, String app, String environment) {
        Environment env = environments.require(app, environment);
        boolean isProtected = candidates.isProtected(env, env.live().flatMap(id -> deployments.find(app, id)));
        access.decide(actor, Action.RESTART, Place.of(app, env.name(), isProtected)).orThrow();
        return Candidates.awaited(supervisor.restart(app, env.name(), actor.user()));
    }
}
