package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.pipeline.EnvironmentSpec;
import java.util.Optional;
import java.util.concurrent.CompletionException;

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
        Environment env = environments.find(app, environment).orElseThrow(() -> Problem.notFound("environment '"
                + environment + "' of app '" + app + "' does not exist: see `slipway status " + app + "`"));
        Optional<Deployment> basis = env.live().flatMap(id -> deployments.find(app, id))
                .or(() -> deployments.parked(app, environment).stream().findFirst());
        // unreadable pipeline file or nothing to read it from: taken as protected (stricter)
        boolean isProtected = basis.flatMap(d -> candidates.environmentOf(app, d.run(), env.specName()))
                .map(EnvironmentSpec::isProtected).orElse(true);
        access.decide(actor, Action.SWAP, Place.of(app, env.name(), isProtected)).orThrow();
        try {
            return deployer.swap(app, environment, actor.user()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
