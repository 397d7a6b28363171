package dev.slipway.environment;

import dev.slipway.Problem;
import java.util.List;

/** Read side of environments: status and history. */
public final class Environments {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Router router;

    public Environments(EnvironmentRepository environments, DeploymentRepository deployments, Router router) {
        this.environments = environments;
        this.deployments = deployments;
        this.router = router;
    }

    public List<EnvironmentStatus> status(String app) {
        return environments.list(app).stream().map(this::status).toList();
    }

    private EnvironmentStatus status(Environment env) {
        return new EnvironmentStatus(env,
                env.live().flatMap(id -> deployments.find(env.app(), id)),
                deployments.history(env.app(), env.name(), 1).stream().findFirst(),
                router.url(env.port()),
                deployments.parked(env.app(), env.name()).stream().findFirst());
    }

    /** Newest first; a torn-down environment keeps its history (its last live deployment says why it was retired). */
    public List<Deployment> history(String app, String environment, int limit) {
        List<Deployment> history = deployments.history(app, environment, limit);
        if (history.isEmpty() && environments.find(app, environment).isEmpty()) {
            throw Problem.notFound("environment '" + environment + "' of app '" + app
                    + "' does not exist and never had a deployment: see `slipway status " + app + "`");
        }
        return history;
    }

    /** Every deployment made from one run's artifact, oldest first. */
    public List<Deployment> ofRun(String app, long run) {
        return deployments.ofRun(app, run);
    }

    /** One deployment of the environment (deployment ids are per app, so the environment must match too). */
    public Deployment deployment(String app, String environment, long id) {
        return deployments.find(app, id).filter(d -> d.environment().equals(environment))
                .orElseThrow(() -> Problem.notFound("deployment #" + id + " of environment '" + environment + "' of app '"
                        + app + "' does not exist: list them with GET /api/v1/apps/" + app + "/environments/"
                        + environment + "/deployments"));
    }
}
