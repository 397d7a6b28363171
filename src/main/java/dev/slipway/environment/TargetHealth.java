package dev.slipway.environment;

/**
 * The {@link Watchdog}'s probe: the deployment's recorded service answers its launch's liveness path right now, as its
 * {@link DeployTarget} finds it. A deployment with no recorded process is not healthy, and the target is not asked.
 */
public final class TargetHealth implements Watchdog.Probe {
    private final DeployTarget target;

    public TargetHealth(DeployTarget target) {
        this.target = target;
    }

    @Override
    public boolean healthy(Deployment deployment) {
        return deployment.process().map(service -> target.answersHealth(service, deployment.launch().liveness()))
                .orElse(false);
    }
}
