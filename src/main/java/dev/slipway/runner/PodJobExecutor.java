package dev.slipway.runner;

import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code container:} job as a pod in a Kubernetes executor's namespace ({@link JobPod}): the pod fetches its
 * prepared workspace and sends it back through the API ({@link PodWorkspaces}, with the run's own credentials),
 * its log is the job's log ({@link PodLog}, masked like every job's), and its end decides the job's: the container's
 * exit code and termination message ({@code step N}: that step failed, FAILED; {@code fetch:}/{@code upload:}: the
 * pod could not reach Slipway, ERRORED), an image the cluster cannot pull FAILED at once, the deadline FAILED as a
 * timeout. Cancel, timeout and the end all delete the pod and its Secret. Pods are the isolation here: the local
 * sandbox does not apply in a cluster.
 */
public final class PodJobExecutor implements JobExecutor {
    /** How often a running job's pod is looked at. */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(PodJobExecutor.class);
    /** Waiting reasons that will not go away by waiting: the job fails with the cluster's words. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError");
    /** How long the rest of the log may take to arrive once the pod ended. */
    private static final Duration LOG_TAIL = Duration.ofSeconds(10);

    private final String executor;
    private final KubernetesClient client;
    private final String namespace;
    private final PodWorkspaces workspaces;
    private final String apiUrl;
    private final long uploadLimit;

    /**
     * {@code apiUrl}: Slipway's address as pods in the cluster reach it; {@code uploadLimit}: the most bytes of tar a
     * pod may send back.
     */
    public PodJobExecutor(String executor, KubernetesClient client, String namespace, PodWorkspaces workspaces,
                          String apiUrl, long uploadLimit) {
        this.executor = executor;
        this.client = client;
        this.namespace = namespace;
        this.workspaces = workspaces;
        this.apiUrl = apiUrl;
        this.uploadLimit = uploadLimit;
    }

    @Override
    public Outcome execute(Context context) {
        String image = context.job().container().orElseThrow();
        return JobContainer.inOwnCell(context, cell -> {
            try (PodWorkspaces.Open open = workspaces.open(context.run().app(), context.run().number(),
                    context.job().name(), context.workspace(), uploadLimit)) {
                return inPod(context, JobPod.of(context, image, namespace, apiUrl), open); // the pod sent it back
            }
        });
    }

    private Outcome inPod(Context context, JobPod pod, PodWorkspaces.Open open) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable forget = () -> { };
        PodLog log = null;
        try {
            client.secrets().inNamespace(namespace).resource(pod.secret()).create();
            client.pods().inNamespace(namespace).resource(pod.pod()).create();
            forget = context.cancellation().onCancel(() -> {
                cancelled.set(true);
                delete(pod.name()); // the wait below sees the pod gone
            });
            context.log().note("slipway: running in pod " + namespace + "/" + pod.name() + " (" + pod.pod().getSpec()
                    .getContainers().get(0).getImage() + ") on executor " + executor);
            Instant deadline = Instant.now().plus(context.job().timeout());
            Optional<Pod> started = await(pod.name(), p -> started(p) || stuck(p).isPresent(), deadline);
            if (started.isPresent() && started(started.get()) && !cancelled.get()) {
                log = PodLog.follow(client, namespace, pod.name(), context.log()::line, context.log()::note);
            }
            Optional<Pod> last = started.isEmpty() || stuck(started.get()).isPresent() ? started
                    : await(pod.name(), PodJobExecutor::terminal, deadline);
            if (log != null && last.isPresent() && terminal(last.get())) {
                log.awaitEnd(LOG_TAIL);
            }
            return outcome(context, pod, last, cancelled.get(), open);
        } catch (KubernetesClientException e) {
            LOG.warn("job {} on executor {} errored", context.job().name(), executor, e);
            return cancelled.get() ? new Outcome(JobState.CANCELLED, null, "cancelled")
                    : new Outcome(JobState.ERRORED, null, "Slipway could not run the job's pod on executor '" + executor
                    + "' (namespace " + namespace + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(JobState.ERRORED, null, "interrupted while the job's pod ran on executor '" + executor + "'");
        } finally {
            forget.run();
            if (log != null) {
                log.close();
            }
            delete(pod.name()); // whatever the outcome, nothing of the job runs on, and its variables are gone
        }
    }

    /**
     * The pod once {@code done} holds, or empty when the deadline passed first; a pod that is gone (deleted: a
     * cancel, or someone else) is given as a pod without status, which {@code done} need not accept. Polled, not
     * watched: a watch started after a list misses a deletion made in between where the API server keeps no history
     * (fabric8's mock server, a compacted etcd), and the job would wait for its whole timeout.
     */
    private Optional<Pod> await(String name, Predicate<Pod> done, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                return Optional.of(new Pod());
            }
            if (done.test(pod)) {
                return Optional.of(pod);
            }
            Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), Duration.between(Instant.now(), deadline).toMillis())));
        }
        return Optional.empty();
    }

    private Outcome outcome(Context context, JobPod pod, Optional<Pod> last, boolean cancelled,
                            PodWorkspaces.Open open) {
        if (cancelled) {
            return new Outcome(JobState.CANCELLED, null, "cancelled");
        }
        if (last.isEmpty() || "DeadlineExceeded".equals(reason(last.get()))) {
            return new Outcome(JobState.FAILED, null, "timed out after " + LocalJobExecutor.human(context.job().timeout())
                    + "; its pod was deleted (raise the job's `timeout:` if it needs longer)");
        }
        Pod ended = last.get();
        if (ended.getStatus() == null) {
            return new Outcome(JobState.ERRORED, null, "pod " + namespace + "/" + pod.name() + " was deleted before "
                    + "it ended, not by Slipway");
        }
        Optional<ContainerStateWaiting> stuck = stuck(ended);
        if (stuck.isPresent()) {
            return new Outcome(JobState.FAILED, null, "the cluster cannot start the job's container: "
                    + stuck.get().getReason() + (stuck.get().getMessage() == null ? "" : " (" + stuck.get().getMessage()
                    + ")") + "; check the job's `container:` image and that the cluster can pull it");
        }
        return terminated(context, ended, open);
    }

    private Outcome terminated(Context context, Pod ended, PodWorkspaces.Open open) {
        ContainerStateTerminated state = container(ended).map(c -> c.getState().getTerminated()).orElse(null);
        if (state == null || state.getExitCode() == null) {
            return new Outcome(JobState.ERRORED, null, "the job's pod ended (" + ended.getStatus().getPhase()
                    + ", " + reason(ended) + ") without its container's exit code");
        }
        int exit = state.getExitCode();
        String message = state.getMessage() == null ? "" : state.getMessage().strip();
        if (exit == 0 && message.equals("done")) {
            return open.received() ? new Outcome(JobState.SUCCEEDED, 0, null)
                    : new Outcome(JobState.ERRORED, null, "the job's pod ended without sending its workspace back");
        }
        if (message.matches("step \\d+")) {
            int step = Integer.parseInt(message.substring(5));
            String name = step >= 1 && step <= context.job().steps().size()
                    ? context.job().steps().get(step - 1).name() : message;
            return new Outcome(JobState.FAILED, exit, "step '" + name + "' exited with code " + exit);
        }
        if (message.startsWith("fetch:") || message.startsWith("upload:")) {
            return new Outcome(JobState.ERRORED, null, "the job's pod could not reach Slipway at " + apiUrl + " ("
                    + message + "); the executor's API address must be one the cluster's pods reach");
        }
        return new Outcome(JobState.FAILED, exit == 0 ? null : exit, "the job's container ended with code " + exit
                + (state.getReason() == null ? "" : " (" + state.getReason() + ")")
                + (state.getReason() != null && state.getReason().equals("OOMKilled")
                ? ": it needed more memory than the job's `resources: { memory: … }`" : ""));
    }

    private static boolean started(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Running".equals(phase) || terminal(pod);
    }

    private static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Optional<ContainerStateWaiting> stuck(Pod pod) {
        return container(pod).map(c -> c.getState() == null ? null : c.getState().getWaiting())
                .filter(w -> STUCK.contains(w.getReason()));
    }

    private static Optional<ContainerStatus> container(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(c -> JobPod.CONTAINER.equals(c.getName()))
                .filter(c -> c.getState() != null).findFirst();
    }

    private static String reason(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getReason();
    }

    /** Deletes the job's pod (at once: no grace, the job is over) and its Secret; either already gone is fine. */
    private void delete(String name) {
        try {
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot delete job pod {}/{} on executor {}: {}", namespace, name, executor, e.getMessage());
        }
        try {
            client.secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("cannot delete job secret {}/{} on executor {}: {}", namespace, name, executor, e.getMessage());
        }
    }

    /**
     * At start-up, before any job runs: every job pod and Secret an earlier server left in the namespace (a crash
     * leaves pods running) is deleted. Returns the names it deleted.
     */
    public List<String> removeLeftovers() {
        List<String> removed = new ArrayList<>();
        try {
            for (Pod pod : client.pods().inNamespace(namespace).withLabel(JobPod.MANAGED_BY, "slipway")
                    .withLabel(JobPod.JOB).list().getItems()) {
                delete(pod.getMetadata().getName());
                removed.add(executor + ":" + pod.getMetadata().getName());
            }
            // one by one, by name: a collection delete would need the deletecollection verb, which ClusterAccess lacks
            for (var secret : client.secrets().inNamespace(namespace).withLabel(JobPod.MANAGED_BY, "slipway")
                    .withLabel(JobPod.JOB).list().getItems()) {
                delete(secret.getMetadata().getName());
            }
        } catch (KubernetesClientException e) {
            LOG.error("cannot look for job pods left on executor {}: {}", executor, e.getMessage());
        }
        return removed;
    }
}
