package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobState;
import dev.slipway.target.TargetConnection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod executors ({@link PodJobExecutor}) of the Kubernetes executors admins registered: one client per executor,
 * opened at its first job and kept while the executor stays as registered. An executor removed, or re-added with
 * other settings, has its client closed once the jobs running on it have ended (they run on, as removing an executor
 * promises); seen at the next pod job or sweep. All clients are closed with the server.
 */
public final class PodExecutors implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodExecutors.class);
    /** How long one request of the start-up sweep may take: a cluster that does not answer must not hold the start. */
    static final int SWEEP_REQUEST_MILLIS = 10_000;

    private final RegisteredExecutors executors;
    private final Function<TargetConnection, KubernetesClient> open;
    private final PodWorkspaces workspaces;
    private final String apiUrl;
    private final long uploadLimit;
    private final Map<String, Kept> kept = new HashMap<>();
    private boolean closed;

    /** An executor's client, and how many jobs use it now; retired: closed once none does. */
    private static final class Kept {
        final TargetConnection connection;
        final KubernetesClient client;
        final PodJobExecutor pods;
        int running;
        boolean retired;

        Kept(TargetConnection connection, KubernetesClient client, PodJobExecutor pods) {
            this.connection = connection;
            this.client = client;
            this.pods = pods;
        }
    }

    /**
     * {@code open}: a client of a registered cluster ({@code target.kubernetes.Clusters#open}); {@code apiUrl}:
     * Slipway's address as the clusters' pods reach it (the server's public URL); {@code uploadLimit}: the most bytes
     * of tar a job's pod may send back.
     */
    public PodExecutors(RegisteredExecutors executors, Function<TargetConnection, KubernetesClient> open,
                        PodWorkspaces workspaces, String apiUrl, long uploadLimit) {
        this.executors = executors;
        this.open = open;
        this.workspaces = workspaces;
        this.apiUrl = apiUrl;
        this.uploadLimit = uploadLimit;
    }

    /** Runs the job as a pod on {@code cluster}, a registered Kubernetes executor. */
    JobExecutor.Outcome execute(TargetConnection cluster, JobExecutor.Context context) {
        forgetUnregistered();
        Kept on;
        try {
            on = lease(cluster);
        } catch (RuntimeException e) { // in-cluster while not in a pod, a kubeconfig that does not make a client
            LOG.warn("cannot open the cluster of executor {}", cluster.name(), e);
            String error = "Slipway cannot reach executor '" + cluster.name() + "': " + e.getMessage();
            context.log().note("slipway: " + error);
            return new JobExecutor.Outcome(JobState.ERRORED, null, error);
        }
        try {
            return on.pods.execute(context);
        } finally {
            release(on);
        }
    }

    /**
     * At start-up, before any job runs: the job pods and Secrets a crash left on every Kubernetes executor deleted
     * ({@link PodJobExecutor#removeLeftovers}), each request given {@value #SWEEP_REQUEST_MILLIS} ms; a cluster that
     * cannot be opened or does not answer is logged and skipped. Returns what was deleted.
     */
    public List<String> removeLeftovers() {
        List<String> removed = new ArrayList<>();
        for (TargetConnection cluster : executors.clusters()) {
            Kept on;
            try {
                on = lease(cluster);
            } catch (RuntimeException e) {
                LOG.error("cannot look for job pods left on executor {}: {}", cluster.name(), e.getMessage());
                continue;
            }
            try {
                KubernetesClient impatient = on.client.newClient(new RequestConfigBuilder(
                        on.client.getConfiguration().getRequestConfig()).withRequestTimeout(SWEEP_REQUEST_MILLIS)
                        .build()).adapt(KubernetesClient.class); // shares the kept client's connections: not closed
                removed.addAll(new PodJobExecutor(cluster.name(), impatient, namespace(cluster), workspaces, apiUrl,
                        uploadLimit).removeLeftovers());
            } finally {
                release(on);
            }
        }
        return removed;
    }

    private synchronized Kept lease(TargetConnection cluster) {
        if (closed) {
            throw new IllegalStateException("the server is stopping");
        }
        Kept known = kept.get(cluster.name());
        if (known == null || !known.connection.equals(cluster)) { // new, or re-added with other settings
            if (known != null) {
                retire(known);
            }
            KubernetesClient client = open.apply(cluster);
            known = new Kept(cluster, client, new PodJobExecutor(cluster.name(), client, namespace(cluster),
                    workspaces, apiUrl, uploadLimit));
            kept.put(cluster.name(), known);
        }
        known.running++;
        return known;
    }

    private synchronized void release(Kept on) {
        on.running--;
        if (on.retired && on.running == 0) {
            on.client.close();
        }
    }

    /** The clients of executors no longer registered as they were are retired. */
    private void forgetUnregistered() {
        Set<TargetConnection> registered = executors.clusters().stream().collect(Collectors.toSet());
        synchronized (this) {
            kept.values().removeIf(k -> {
                if (registered.contains(k.connection)) {
                    return false;
                }
                retire(k);
                return true;
            });
        }
    }

    private static void retire(Kept k) {
        k.retired = true;
        if (k.running == 0) {
            k.client.close();
        }
    }

    private static String namespace(TargetConnection cluster) {
        return cluster.cluster().orElseThrow(() -> new IllegalArgumentException("executor '" + cluster.name()
                + "' is not a Kubernetes cluster")).namespace();
    }

    /** Every client closed; one a job still uses as soon as that job ends. */
    @Override
    public synchronized void close() {
        closed = true;
        kept.values().forEach(PodExecutors::retire);
        kept.clear();
    }
}
