package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.target.TargetKind;

/**
 * The executor a job runs on: a job that says {@code container:} goes to the first executor an admin registered
 * (by name, {@link RegisteredExecutors#forJobs}) — a pod when that is a Kubernetes cluster ({@link PodExecutors}),
 * a container when it is a Docker engine or when there is none ({@link ContainerJobExecutor}, which then fails the
 * job naming the command that adds one); any other job runs on this host (the default).
 */
public final class ChosenExecutor implements JobExecutor {
    private final JobExecutor local;
    private final JobExecutor containers;
    private final PodExecutors pods;
    private final RegisteredExecutors executors;

    public ChosenExecutor(JobExecutor local, JobExecutor containers, PodExecutors pods, RegisteredExecutors executors) {
        this.local = local;
        this.containers = containers;
        this.pods = pods;
        this.executors = executors;
    }

    @Override
    public Outcome execute(Context context) {
        if (context.job().container().isEmpty()) {
            return local.execute(context);
        }
        return executors.forJobs().filter(e -> e.kind() == TargetKind.KUBERNETES)
                .map(cluster -> pods.execute(cluster, context))
                .orElseGet(() -> containers.execute(context));
    }
}
