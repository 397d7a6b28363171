package dev.slipway.boot;

import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.EnvironmentRepository;

/**
 * On a graceful stop the live services are stopped too: only the router (inside this process) makes them
 * reachable, and the next start brings each one back from its recorded artifact.
 */
final class ServiceStopper implements AutoCloseable {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeployTarget target;

    ServiceStopper(EnvironmentRepository environments, DeploymentRepository deployments, DeployTarget target) {
        this.environments = environments;
        this.deployments = deployments;
        this.target = target;
    }

    @Override
    public void close() {
        environments.all().forEach(env -> env.live()
                .flatMap(id -> deployments.find(env.app(), id))
                .flatMap(d -> d.process())
                .ifPresent(target::stop));
    }
}
