package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.pipeline.Cancellation;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobResources;
import dev.slipway.pipeline.JobSpec;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.StageSpec;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import dev.slipway.target.kubernetes.Clusters;
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod executors of the registered Kubernetes executors, on the mock cluster: one client per executor, kept
 * while it stays registered as it was, closed once its jobs ended when it is removed; and the start-up sweep, which
 * deletes a crash's job pods and skips, within bounded time, a cluster that cannot be opened or does not answer.
 */
class PodExecutorsTest {
    static final Run RUN = new Run("shop", 7, "main", "c0ffee", "7ree", "d1gest", "dev", RunState.RUNNING,
            null, null, null, Instant.EPOCH, Instant.EPOCH, null);
    static MockCluster cluster;
    static KubernetesClient test;

    @TempDir
    Path root;
    final List<TargetConnection> registered = new CopyOnWriteArrayList<>();
    final List<KubernetesClient> opened = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTheCluster() {
        cluster = MockCluster.start();
        test = cluster.client();
    }

    @AfterAll
    static void stopTheCluster() {
        cluster.close();
    }

    PodExecutors pods() {
        RegisteredExecutors executors = new RegisteredExecutors() {
            @Override
            public Optional<TargetConnection> forJobs() {
                return registered.stream().findFirst();
            }

            @Override
            public List<TargetConnection> clusters() {
                return List.copyOf(registered);
            }
        };
        return new PodExecutors(executors, c -> {
            KubernetesClient client = Clusters.open(c);
            opened.add(client);
            return client;
        }, new PodWorkspaces(), "http://slipway.example:8080", 1 << 20);
    }

    static TargetConnection executor(String name, String namespace, String url) {
        return new TargetConnection(name, TargetKind.KUBERNETES, url, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new TargetConnection.Cluster(namespace, Optional.of("ci"), false,
                Optional.of(cluster.kubeconfigText("ci", namespace).replace(cluster.url(), url)))));
    }

    @Test
    void anExecutorsClientIsKeptAndClosedOnceItsJobsEndedAfterItWasRemoved() throws Exception {
        TargetConnection a = executor("a", "jobs-a", cluster.url());
        TargetConnection b = executor("b", "jobs-b", cluster.url());
        registered.addAll(List.of(a, b));
        try (PodExecutors pods = pods()) {
            CompletableFuture<JobExecutor.Outcome> first = start(pods, a, "one");
            Pod podA = thePod("jobs-a");
            assertThat(opened).hasSize(1);

            registered.remove(a); // `slipway executor remove a` while its job runs
            CompletableFuture<JobExecutor.Outcome> second = start(pods, b, "two");
            Pod podB = thePod("jobs-b");
            assertThat(opened).hasSize(2);
            assertThat(opened.get(0).getHttpClient().isClosed()).as("a's job still runs on it").isFalse();

            kubeletFails(podA);
            assertThat(first.get(30, TimeUnit.SECONDS).state()).isEqualTo(JobState.FAILED);
            assertThat(opened.get(0).getHttpClient().isClosed()).as("a is gone and its job ended").isTrue();

            kubeletFails(podB);
            assertThat(second.get(30, TimeUnit.SECONDS).state()).isEqualTo(JobState.FAILED);
            assertThat(opened).as("b's client was kept for its next job").hasSize(2);
            assertThat(opened.get(1).getHttpClient().isClosed()).isFalse();
        }
        assertThat(opened.get(1).getHttpClient().isClosed()).as("closed with the server").isTrue();
    }

    @Test
    void theSweepDeletesACrashsPodsAndSkipsClustersThatCannotBeOpenedOrDoNotAnswer() throws Exception {
        test.pods().inNamespace("swept").resource(new PodBuilder().withNewMetadata().withName("shop-3-build-abcdef")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "slipway", "slipway.dev/job", "build")).endMetadata()
                .withNewSpec().addNewContainer().withName("job").withImage("busybox").endContainer().endSpec().build())
                .create();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) { // accepts, never answers
            registered.add(new TargetConnection("home", TargetKind.KUBERNETES, "in-cluster", Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(new TargetConnection.Cluster("jobs",
                    Optional.empty(), true, Optional.empty())))); // this test runs in no pod: cannot be opened
            registered.add(executor("mute", "jobs", "http://127.0.0.1:" + silent.getLocalPort()));
            registered.add(executor("real", "swept", cluster.url()));
            try (PodExecutors pods = pods()) {
                long started = System.nanoTime();
                List<String> removed = pods.removeLeftovers();
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(removed).containsExactly("real:shop-3-build-abcdef");
                assertThat(test.pods().inNamespace("swept").list().getItems()).isEmpty();
                assertThat(took).as("the mute cluster's requests give up after %s ms, not the usual 30 s",
                        PodExecutors.SWEEP_REQUEST_MILLIS).isLessThan(Duration.ofSeconds(25));
            }
        }
    }

    private CompletableFuture<JobExecutor.Outcome> start(PodExecutors pods, TargetConnection on, String name)
            throws Exception {
        Path workspace = Files.createDirectories(root.resolve("work/" + name));
        JobSpec job = new JobSpec("build", List.of(new StepSpec("make", "make")), Duration.ofMinutes(5), List.of(),
                List.of(), List.of(), Optional.empty(), Optional.of("busybox"), JobResources.NONE);
        LogStore.Writer log = new LogStore(root.resolve("logs-" + name), Clock.systemUTC()).open("shop", 7, 0, "build");
        return CompletableFuture.supplyAsync(() -> {
            try (log) {
                return pods.execute(on, new JobExecutor.Context(RUN, new StageSpec("build", List.of(job)), job,
                        workspace, Map.of("SLIPWAY_APP", "shop"), log, new Cancellation()));
            }
        });
    }

    private static Pod thePod(String namespace) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !test.pods().inNamespace(namespace).list().getItems()
                .isEmpty());
        return test.pods().inNamespace(namespace).list().getItems().get(0);
    }

    private static void kubeletFails(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Pod current = test.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
        current.setStatus(new PodStatusBuilder().withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
                .withName("job").withNewState().withNewTerminated().withExitCode(3).withMessage("step 1")
                .endTerminated().endState().build()).build());
        test.pods().inNamespace(namespace).resource(current).updateStatus();
    }
}
