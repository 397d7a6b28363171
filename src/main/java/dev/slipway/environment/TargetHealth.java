package dev.slipway.environment;

/**
 * The {@link Watchdog}'s probe: the deployment's recorded service answers its launch's health path right now. A
 * deployment with no recorded process is not healthy, and the target is not asked.
 */
public final class TargetHealth implements Watchdog.Probe {
    /** One probe of a running service's health path (the local target's {@code answersHealth}). */
    @FunctionalInterface
    public interface Answers {
        boolean answersHealth(RunningService service, String path);
    }

    private final Answers target;

    public TargetHealth(Answers target) {
        this.target = target;
    }

    @Override
    public boolean healthy(Deployment deployment) {
        return deployment.process().map(service -> target.answersHealth(service, deployment.launch().health()))
                .orElse(false);
    }
}
