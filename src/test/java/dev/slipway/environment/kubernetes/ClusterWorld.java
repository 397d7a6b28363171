package dev.slipway.environment.kubernetes;

import static org.awaitility.Awaitility.await;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.Launch;
import dev.slipway.environment.ManifestSource;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.pipeline.ManifestTemplate;
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster target over a namespace of its own on a {@link MockCluster}, and what the tests do in the cluster's place:
 * write a Deployment's rollout status, or pods and events that say why it cannot finish. The target talks with a
 * client of its own (from a kubeconfig, bearer token {@link #TOKEN}), so its requests can be told from the test's.
 */
final class ClusterWorld implements AutoCloseable {
    static final String TOKEN = "test-token";
    static final Digest ONE = Digest.parse("sha256:" + "1".repeat(64));
    static final Digest TWO = Digest.parse("sha256:" + "2".repeat(64));
    static final PullCredential PULL = new PullCredential("registry.example:5000", "puller", "pull-token-123");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    final MockCluster cluster;
    final KubernetesClient test;
    final KubernetesClient targetClient;
    final String namespace;
    final List<String> logged = new CopyOnWriteArrayList<>();
    final KubernetesTarget target;
    /** What the target's manifest source answers (empty: generate). */
    volatile List<ManifestTemplate> templates = List.of();

    /** A namespace of its own. */
    ClusterWorld(MockCluster cluster, Path root) {
        this(cluster, root, "team-" + NAMESPACES.incrementAndGet());
    }

    /** Another target over {@code namespace}: as the next server would build it. */
    ClusterWorld(MockCluster cluster, Path root, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.test = cluster.client();
        this.targetClient = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.kubeconfigText("mock", namespace))).build();
        ManifestSource manifests = (app, environment, deployment) -> templates;
        this.target = new KubernetesTarget("cluster-a", targetClient, namespace, manifests, PULL, root);
    }

    static Launch launch(Duration timeout) {
        return new Launch("exec ./server --port $PORT", "/healthz", timeout, Map.of("GREETING", "hello"),
                List.of("DB_PASSWORD"), null, "/livez");
    }

    DeployTarget.Start start(long deployment, Digest digest, String slot, Duration timeout) {
        Map<String, String> env = new HashMap<>(Map.of("GREETING", "hello", "DB_PASSWORD", "s3cret-value"));
        if (slot != null) {
            env.put("SLIPWAY_SLOT", slot);
        }
        return new DeployTarget.Start("web", "staging", deployment, digest, launch(timeout), env, Set.of("DB_PASSWORD"),
                logged::add);
    }

    /** Starts in the background: the test plays the cluster meanwhile. */
    CompletableFuture<RunningService> starting(DeployTarget.Start start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return target.start(start);
            } catch (DeployFailedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** Waits until the Deployment carries {@code deployment}'s pod template, and returns it. */
    Deployment awaitApplied(String name, long deployment) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> deployment(name),
                d -> d != null && Long.toString(deployment).equals(d.getSpec().getTemplate().getMetadata().getLabels()
                        .get("slipway.dev/deployment")));
    }

    Deployment deployment(String name) {
        return test.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** What the Deployment controller would write once the rollout of {@code deployment}'s template is done. */
    void rollOut(String name, long deployment) {
        Deployment d = awaitApplied(name, deployment);
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        test.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
    }

    /** A pod of the Deployment's current template whose container waits with {@code reason}, and a Warning event. */
    void podWaiting(String deploymentName, long deployment, String pod, String reason, String message) {
        Deployment d = awaitApplied(deploymentName, deployment);
        test.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(pod)
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("x").endContainer().endSpec()
                .withNewStatus().addNewContainerStatus().withName("web").withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus()
                .build()).create();
        test.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata().withName(pod + ".1")
                .endMetadata().withType("Warning").withReason("Failed").withMessage("Error: " + reason)
                .withNewInvolvedObject().withKind("Pod").withName(pod).endInvolvedObject().build()).create();
    }

    /** The Deployment's Progressing condition false, as the controller writes it past progressDeadlineSeconds. */
    void progressDeadlineExceeded(String name, long deployment) {
        Deployment d = awaitApplied(name, deployment);
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"" + name + "-5d4\" has timed out progressing.").build()).build());
        test.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
    }

    /** The start's outcome: its service, or the DeployFailedException it threw. */
    static RunningService outcome(CompletableFuture<RunningService> starting) throws Exception {
        try {
            return starting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof DeployFailedException failed) {
                throw failed;
            }
            throw e;
        }
    }

    /** Starts and plays a successful rollout of the app's Deployment {@code name}. */
    RunningService deployed(DeployTarget.Start start, String name) throws Exception {
        CompletableFuture<RunningService> starting = starting(start);
        rollOut(name, start.deployment());
        return outcome(starting);
    }

    @Override
    public void close() {
        targetClient.close();
    }
}
