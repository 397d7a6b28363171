package dev.slipway.environment;

/**
 * On a graceful stop the live services are stopped too: only the router (inside this process) makes them
 * reachable, and the next start brings each one back from its recorded artifact. Nothing is recorded: the
 * deployments stay LIVE, for {@link Recovery} to start again.
 */
public final class ServiceStopper implements AutoCloseable {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final DeployTarget target;

    public ServiceStopper(EnvironmentRepository environments, DeploymentRepository deployments, DeployTarget target) {
        this.environments = environments;
        this.deployments = deployments;
        this.target = target;
    }

    @Override
    public void close() {
        environments.all().forEach(env -> env.live()
                .flatMap(id -> deployments.find(env.app(), id))
                .flatMap(Deployment::process)
                .ifPresent(target::stop));
    }
}
