package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;

/**
 * The executor a job runs on: in a container on an admin's engine when it says {@code container:}, else on this
 * host (the default).
 */
public final class ChosenExecutor implements JobExecutor {
    private final JobExecutor local;
    private final JobExecutor containers;

    public ChosenExecutor(JobExecutor local, JobExecutor containers) {
        this.local = local;
        this.containers = containers;
    }

    @Override
    public Outcome execute(Context context) {
        return (context.job().container().isPresent() ? containers : local).execute(context);
    }
}
