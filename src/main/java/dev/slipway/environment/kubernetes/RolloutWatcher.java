package dev.slipway.environment.kubernetes;

import dev.slipway.environment.DeployFailedException;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Waits for Deployments to report their rollout done (observed generation caught up; updated, ready and available
 * replicas all as many as asked for), polling the API server. It gives up early with the cluster's own reasons when
 * one cannot finish by itself — a container waiting in {@code ImagePullBackOff}, {@code CrashLoopBackOff} and the
 * like, or the Deployment's {@code Progressing} condition false — and names the same reasons, with the pods' recent
 * warnings, when the time runs out.
 */
final class RolloutWatcher {
    /** Container waits a rollout does not get out of by itself. */
    static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
            "CreateContainerConfigError", "InvalidImageName");

    private final KubernetesClient client;
    private final String namespace;
    private final Duration poll;

    RolloutWatcher(KubernetesClient client, String namespace, Duration poll) {
        this.client = client;
        this.namespace = namespace;
        this.poll = poll;
    }

    /** Returns once every named Deployment's rollout is done; throws with the reasons when it fails or times out. */
    void await(List<String> deployments, Duration timeout, Consumer<String> log) throws DeployFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> lastProgress = new HashMap<>();
        while (true) {
            List<String> stuck = new ArrayList<>();
            boolean allDone = true;
            for (String name : deployments) {
                Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
                if (d == null) {
                    throw new DeployFailedException("Deployment " + name + " disappeared during its rollout");
                }
                String progress = progress(d);
                if (!progress.equals(lastProgress.put(name, progress))) {
                    log.accept("Deployment " + name + ": " + progress);
                }
                allDone &= done(d);
                stuck.addAll(stuck(d));
            }
            if (allDone) {
                return;
            }
            if (!stuck.isEmpty()) {
                throw new DeployFailedException("the rollout failed: "
                        + String.join("; ", withWarnings(stuck, deployments)));
            }
            if (System.nanoTime() > deadline) {
                List<String> reasons = withWarnings(new ArrayList<>(), deployments);
                throw new DeployFailedException("the rollout was not done within " + timeout.toSeconds() + "s: "
                        + String.join("; ", Stream.concat(deployments.stream().map(n -> "Deployment " + n + ": "
                                + lastProgress.get(n)), reasons.stream()).toList()));
            }
            sleep();
        }
    }

    /** Observed generation caught up, and updated = ready = available = spec.replicas. */
    static boolean done(Deployment d) {
        DeploymentStatus status = d.getStatus();
        if (status == null) {
            return false;
        }
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? -1 : status.getObservedGeneration();
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return observed >= generation && count(status.getUpdatedReplicas()) == wanted
                && count(status.getReadyReplicas()) == wanted && count(status.getAvailableReplicas()) == wanted;
    }

    private static String progress(Deployment d) {
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return count(s.getUpdatedReplicas()) + "/" + wanted + " updated, " + count(s.getReadyReplicas()) + " ready, "
                + count(s.getAvailableReplicas()) + " available" + (done(d) ? " (rollout done)" : "");
    }

    /** Why the rollout cannot finish by itself: its condition, or its new pods' containers. */
    private List<String> stuck(Deployment d) {
        List<String> reasons = new ArrayList<>();
        if (d.getStatus() != null && d.getStatus().getConditions() != null) {
            for (DeploymentCondition c : d.getStatus().getConditions()) {
                if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
                    reasons.add("Deployment " + d.getMetadata().getName() + ": " + c.getReason() + ": "
                            + c.getMessage());
                }
            }
        }
        for (Pod pod : pods(d)) {
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            for (ContainerStatus c : statuses) {
                var waiting = c.getState() == null ? null : c.getState().getWaiting();
                if (waiting != null && STUCK.contains(waiting.getReason())) {
                    reasons.add("pod " + pod.getMetadata().getName() + " container " + c.getName() + ": "
                            + waiting.getReason() + ": " + Objects.toString(waiting.getMessage(), ""));
                }
            }
        }
        return reasons;
    }

    /** The pods of the Deployment's current template: its selector plus the template's deployment label. */
    private List<Pod> pods(Deployment d) {
        Map<String, String> labels = new HashMap<>(d.getSpec().getSelector().getMatchLabels());
        Map<String, String> template = d.getSpec().getTemplate().getMetadata().getLabels();
        if (template != null && template.containsKey(SlipwayLabels.DEPLOYMENT)) {
            labels.put(SlipwayLabels.DEPLOYMENT, template.get(SlipwayLabels.DEPLOYMENT));
        }
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
    }

    /** The reasons, then the Warning events of the Deployments and their new pods (each message once). */
    private List<String> withWarnings(List<String> reasons, List<String> deployments) {
        Set<String> involved = new LinkedHashSet<>(deployments);
        for (String name : deployments) {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (d != null) {
                pods(d).forEach(p -> involved.add(p.getMetadata().getName()));
            }
        }
        Set<String> all = new LinkedHashSet<>(reasons);
        for (Event e : client.v1().events().inNamespace(namespace).list().getItems()) {
            if ("Warning".equals(e.getType()) && e.getInvolvedObject() != null
                    && involved.contains(e.getInvolvedObject().getName())) {
                all.add(e.getInvolvedObject().getKind() + " " + e.getInvolvedObject().getName() + ": " + e.getReason()
                        + ": " + e.getMessage());
            }
        }
        return new ArrayList<>(all);
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }

    private void sleep() throws DeployFailedException {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailedException("interrupted while waiting for the rollout");
        }
    }
}
