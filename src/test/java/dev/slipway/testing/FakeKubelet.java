package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster's controllers and kubelet would write, for a {@link MockCluster} (which runs none): every 100 ms,
 * each Deployment of every namespace whose status lags its spec gets the status its mode says — rolled out and ready,
 * or stuck with a pod whose container waits with {@code ImagePullBackOff} (the image cannot be pulled). The mode can
 * change while it runs; it stops when closed.
 */
public final class FakeKubelet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FakeKubelet.class);

    /** What happens to a Deployment's new pods. */
    public enum Mode { READY, IMAGE_PULL_BACKOFF, PAUSED }

    private final KubernetesClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    private volatile Mode mode = Mode.READY;

    private FakeKubelet(KubernetesClient client) {
        this.client = client;
    }

    public static FakeKubelet start(MockCluster cluster) {
        FakeKubelet kubelet = new FakeKubelet(cluster.client());
        kubelet.timer.scheduleWithFixedDelay(kubelet::tick, 0, 100, TimeUnit.MILLISECONDS);
        return kubelet;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    private void tick() {
        try {
            Mode now = mode;
            if (now == Mode.PAUSED) {
                return;
            }
            for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
                if (now == Mode.READY) {
                    ready(d);
                } else {
                    stuck(d);
                }
            }
        } catch (RuntimeException e) {
            log.debug("fake kubelet: {}", e.toString());
        }
    }

    private void ready(Deployment d) {
        String namespace = d.getMetadata().getNamespace();
        int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        Long generation = d.getMetadata().getGeneration();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), generation)
                && Objects.equals(d.getStatus().getReadyReplicas(), replicas)) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        client.pods().inNamespace(namespace).withName(d.getMetadata().getName() + "-stuck").delete();
    }

    private void stuck(Deployment d) {
        String namespace = d.getMetadata().getNamespace();
        Map<String, String> labels = labels(d);
        String name = d.getMetadata().getName() + "-stuck";
        Pod existing = client.pods().inNamespace(namespace).withName(name).get();
        if (existing != null && !labels.equals(existing.getMetadata().getLabels())) {
            client.pods().inNamespace(namespace).withName(name).delete(); // a pod of an older template
            existing = null;
        }
        if (existing == null) {
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName(d.getSpec().getTemplate().getSpec().getContainers().get(0)
                            .getName()).withImage(image).endContainer().endSpec()
                    .withNewStatus().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                            .withName(d.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
                            .withImage(image).withReady(false).withState(new ContainerStateBuilder().withNewWaiting()
                                    .withReason("ImagePullBackOff").withMessage("Back-off pulling image \"" + image + "\"")
                                    .endWaiting().build()).build()).endStatus().build();
            client.pods().inNamespace(namespace).resource(pod).create();
        }
        Long generation = d.getMetadata().getGeneration();
        if (d.getStatus() == null || !Objects.equals(d.getStatus().getObservedGeneration(), generation)) {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(2)
                    .withUpdatedReplicas(1).withReadyReplicas(0).withAvailableReplicas(0).withUnavailableReplicas(1)
                    .build());
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        }
    }

    private static Map<String, String> labels(Deployment d) {
        Map<String, String> labels = new HashMap<>();
        if (d.getSpec().getTemplate().getMetadata() != null && d.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(d.getSpec().getTemplate().getMetadata().getLabels());
        }
        return labels;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
