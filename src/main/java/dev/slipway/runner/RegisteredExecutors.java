package dev.slipway.runner;

import dev.slipway.target.TargetConnection;
import java.util.List;
import java.util.Optional;

/**
 * The executors admins registered, as the runner chooses among them ({@code target.ExecutorRegistry}, wired by boot):
 * Docker engines and Kubernetes clusters, each connection with its key or kubeconfig opened.
 */
public interface RegisteredExecutors {
    /** Where the next {@code container:} job runs: the first executor by name, of either kind; empty: none. */
    Optional<TargetConnection> forJobs();

    /** Every Kubernetes executor: where a restarted server looks for job pods a crash left. */
    List<TargetConnection> clusters();
}
