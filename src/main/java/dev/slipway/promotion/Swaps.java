package dev.slipway.promotion;

import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import java.util.Optional;

/**
 * `slipway swap`: a blue/green environment's traffic moves to its READY deployment, or back to its WARM one.
 * Like a rollback it answers to the environment's role rule (releaser where protected, else deployer).
 */
public final class Swaps {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Candidates candidates;
    private final Deployer deployer;
    private final Access access;

    public Swaps(EnvironmentRepository environments, DeploymentRepository deployments, Candidates candidates,
                 Deployer deployer, Access access) {
        this.environments = environments;
        this.deployments = deployments;
        this.candidates = candidates;
        this.deployer = deployer;
        this.access = access;
    }

    /** Swaps once the deployments queued before it are done; returns the deployment that is live now. */
    public Deployment swap(Principal actor, String app, String environment) {
        Environment env = environments.require(app, environment);
        Optional<Deployment> basis = env.live().flatMap(id -> deployments.find(app, id))
                .or(() -> deployments.parked(app, environment).stream().findFirst());
        access.decide(actor, Action.SWAP, Place.of(app, env.name(), candidates.isProtected(env, basis))).orThrow();
        return Candidates.awaited(deployer.swap(app, environment, actor.user()));
    }
}
