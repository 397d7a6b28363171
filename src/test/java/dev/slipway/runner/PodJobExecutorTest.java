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
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job as a pod on the mock cluster (CRUD mode: no kubelet, so the test plays it, writing the pod's phase and its
 * container's exit code): what the pod and its Secret are made of, how its end becomes the job's, and that cancel,
 * timeout and the end delete both.
 */
class PodJobExecutorTest {
    static final String NS = "jobs";
    static final String IMAGE = "registry.example.com:5000/build/jdk17@sha256:" + "a".repeat(64);
    static final Run RUN = new Run("shop", 7, "main", "c0ffee", "7ree", "d1gest", "dev", RunState.RUNNING,
            null, null, null, Instant.EPOCH, Instant.EPOCH, null);
    static final String SECRET = "hunter2-very-secret";
    static MockCluster cluster;
    static KubernetesClient test;

    @TempDir
    Path root;
    Path workspace;
    LogStore logs;
    final PodWorkspaces workspaces = new PodWorkspaces();
    final Cancellation cancellation = new Cancellation();

    @BeforeAll
    static void startTheCluster() {
        cluster = MockCluster.start();
        test = cluster.client();
    }

    @AfterAll
    static void stopTheCluster() {
        cluster.close();
    }

    @BeforeEach
    void aWorkspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("work/shop/7/build"));
        Files.writeString(workspace.resolve("pom.xml"), "<project/>");
        logs = new LogStore(root.resolve("logs"), Clock.systemUTC(), app -> line -> line.replace(SECRET, "***"));
    }

    static JobSpec job(Duration timeout) {
        return new JobSpec("build", List.of(new StepSpec("compile", "mvn -q compile"), new StepSpec("test", "mvn test")),
                timeout, List.of("target/app.jar"), List.of(), List.of(), Optional.empty(), Optional.of(IMAGE),
                new JobResources(Optional.of("500m"), Optional.of("2Gi")));
    }

    private CompletableFuture<JobExecutor.Outcome> start(JobSpec job, LogStore.Writer log) {
        PodJobExecutor executor = new PodJobExecutor("cluster-a", cluster.server().createClient(), NS, workspaces,
                "http://slipway.example:8080", 1 << 20);
        Map<String, String> env = Map.of("SLIPWAY_APP", "shop", "SLIPWAY_REGISTRY_USER", "run-shop-7",
                "SLIPWAY_REGISTRY_TOKEN", SECRET);
        return CompletableFuture.supplyAsync(() -> executor.execute(new JobExecutor.Context(RUN,
                new StageSpec("build", List.of(job)), job, workspace, env, log, cancellation)));
    }

    private static Pod thePod() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !test.pods().inNamespace(NS).list().getItems().isEmpty());
        return test.pods().inNamespace(NS).list().getItems().get(0);
    }

    /** Plays the kubelet: the pod's phase and its container's state as a cluster would write them. */
    private static void kubelet(Pod pod, String phase, String reason, Integer exit, String message, String waiting) {
        ContainerStatusBuilder container = new ContainerStatusBuilder().withName("job").withImage(IMAGE);
        if (waiting != null) {
            container.withNewState().withNewWaiting().withReason(waiting).withMessage("Back-off pulling image")
                    .endWaiting().endState();
        } else if (exit != null) {
            container.withNewState().withNewTerminated().withExitCode(exit).withMessage(message).endTerminated()
                    .endState();
        } else {
            container.withNewState().withNewRunning().endRunning().endState();
        }
        Pod current = test.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(new PodStatusBuilder().withPhase(phase).withReason(reason)
                .withContainerStatuses(container.build()).build());
        test.pods().inNamespace(NS).resource(current).updateStatus();
    }

    private static void nothingIsLeft() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(test.pods().inNamespace(NS).list().getItems()).isEmpty();
            assertThat(test.secrets().inNamespace(NS).list().getItems()).isEmpty();
        });
    }

    private String log() throws IOException {
        return Files.readString(logs.file("shop", 7, 0, "build"));
    }

    @Test
    void thePodHasTheJobsImageResourcesLabelsDeadlineAndItsVariablesOnlyByReference() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            Pod pod = thePod();
            var spec = pod.getSpec();
            var container = spec.getContainers().get(0);

            assertThat(container.getImage()).isEqualTo(IMAGE);
            assertThat(container.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("500m"),
                    "memory", new Quantity("2Gi")));
            assertThat(container.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("2Gi")));
            assertThat(pod.getMetadata().getLabels()).isEqualTo(Map.of("app.kubernetes.io/managed-by", "slipway",
                    "slipway.dev/app", "shop", "slipway.dev/run", "7", "slipway.dev/job", "build"));
            assertThat(spec.getRestartPolicy()).isEqualTo("Never");
            assertThat(spec.getActiveDeadlineSeconds()).isEqualTo(1200L);
            assertThat(spec.getAutomountServiceAccountToken()).isFalse();
            assertThat(container.getCommand()).containsExactly("sh", "-c", JobPod.SCRIPT);
            assertThat(container.getEnvFrom()).singleElement()
                    .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo(pod.getMetadata().getName()));
            assertThat(container.getEnv()).extracting(EnvVar::getValue).doesNotContain(SECRET);
            assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(
                    org.assertj.core.groups.Tuple.tuple("SLIPWAY_API_URL", "http://slipway.example:8080"),
                    org.assertj.core.groups.Tuple.tuple("SLIPWAY_JOB_PATH", "/api/v1/apps/shop/runs/7/jobs/build"),
                    org.assertj.core.groups.Tuple.tuple("SLIPWAY_STEP_COUNT", "2"),
                    org.assertj.core.groups.Tuple.tuple("SLIPWAY_STEP_1", "mvn -q compile"),
                    org.assertj.core.groups.Tuple.tuple("SLIPWAY_STEP_2", "mvn test"));
            Secret secret = test.secrets().inNamespace(NS).withName(pod.getMetadata().getName()).get();
            assertThat(secret.getMetadata().getLabels()).isEqualTo(pod.getMetadata().getLabels());
            assertThat(new String(Base64.getDecoder().decode(secret.getData().get("SLIPWAY_REGISTRY_TOKEN")),
                    StandardCharsets.UTF_8)).isEqualTo(SECRET);

            // the kubelet: the script fetched, ran the steps and sent the workspace back, then exited 0 with "done"
            kubelet(pod, "Running", null, null, null, null);
            workspaces.receive("shop", 7, "build", new ByteArrayInputStream(tar("./target/app.jar", "JAR")));
            kubelet(pod, "Succeeded", null, 0, "done", null);

            assertThat(outcome.get()).isEqualTo(new JobExecutor.Outcome(JobState.SUCCEEDED, 0, null));
            assertThat(workspace.resolve("target/app.jar")).hasContent("JAR");
            assertThat(workspace.resolve("pom.xml")).doesNotExist(); // the pod's copy replaced the workspace
            nothingIsLeft();
        }
        assertThat(log()).contains("slipway: running in pod jobs/").doesNotContain(SECRET);
    }

    @Test
    void aStepThatFailsEndsTheJobFailedWithItsExitCodeAndName() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            Pod pod = thePod();
            kubelet(pod, "Failed", null, 3, "step 2", null);

            assertThat(outcome.get()).isEqualTo(new JobExecutor.Outcome(JobState.FAILED, 3,
                    "step 'test' exited with code 3"));
            nothingIsLeft();
        }
        assertThat(log()).endsWith("slipway: step 'test' exited with code 3\n");
    }

    @Test
    void aPodThatSucceedsWithoutSendingItsWorkspaceBackIsOurError() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            kubelet(thePod(), "Succeeded", null, 0, "done", null);

            assertThat(outcome.get().state()).isEqualTo(JobState.ERRORED);
            assertThat(outcome.get().error()).contains("without sending its workspace back");
        }
    }

    @Test
    void aPodThatCannotReachSlipwayIsOurError() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            kubelet(thePod(), "Failed", null, 125, "fetch: curl could not get http://slipway.example:8080/…", null);

            assertThat(outcome.get().state()).isEqualTo(JobState.ERRORED);
            assertThat(outcome.get().error()).contains("could not reach Slipway at http://slipway.example:8080")
                    .contains("fetch: curl");
            nothingIsLeft();
        }
    }

    @Test
    void anImageTheClusterCannotPullFailsTheJobWithTheClustersReason() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            kubelet(thePod(), "Pending", null, null, null, "ImagePullBackOff");

            assertThat(outcome.get().state()).isEqualTo(JobState.FAILED);
            assertThat(outcome.get().error()).contains("ImagePullBackOff (Back-off pulling image)");
            nothingIsLeft();
        }
    }

    @Test
    void cancelDeletesThePodAndItsSecret() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            Pod pod = thePod();
            kubelet(pod, "Running", null, null, null, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> test.secrets().inNamespace(NS).list().getItems().size() == 1);

            cancellation.cancel();

            assertThat(outcome.get()).isEqualTo(new JobExecutor.Outcome(JobState.CANCELLED, null, "cancelled"));
            nothingIsLeft();
        }
    }

    @Test
    void theTimeoutDeletesThePodAndItsSecretAndFailsTheJob() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofSeconds(2)), log);
            Pod pod = thePod();
            assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(2L);
            kubelet(pod, "Running", null, null, null, null); // and never ends

            assertThat(outcome.get().state()).isEqualTo(JobState.FAILED);
            assertThat(outcome.get().exitCode()).isNull();
            assertThat(outcome.get().error()).startsWith("timed out after 2s; its pod was deleted");
            nothingIsLeft();
        }
    }

    @Test
    void theClustersDeadlineIsATimeoutToo() throws Exception {
        try (LogStore.Writer log = logs.open("shop", 7, 0, "build")) {
            CompletableFuture<JobExecutor.Outcome> outcome = start(job(Duration.ofMinutes(20)), log);
            kubelet(thePod(), "Failed", "DeadlineExceeded", 137, null, null);

            assertThat(outcome.get().state()).isEqualTo(JobState.FAILED);
            assertThat(outcome.get().error()).startsWith("timed out after 20m");
            nothingIsLeft();
        }
    }

    @Test
    void startUpDeletesTheJobPodsAndSecretsAnEarlierServerLeftAndNothingElse() {
        Map<String, String> labels = JobPod.labels("shop", 3, "build");
        test.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("shop-3-build-left00").withLabels(labels).endMetadata().build()).create();
        test.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("shop-3-build-left00").withLabels(labels).endMetadata().build()).create();
        test.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("someone-elses").withLabels(Map.of("app", "web")).endMetadata().build()).create();
        PodJobExecutor executor = new PodJobExecutor("cluster-a", cluster.server().createClient(), NS, workspaces,
                "http://slipway.example:8080", 1 << 20);

        assertThat(executor.removeLeftovers()).containsExactly("cluster-a:shop-3-build-left00");

        assertThat(test.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("someone-elses");
        assertThat(test.secrets().inNamespace(NS).list().getItems()).isEmpty();
        test.pods().inNamespace(NS).withName("someone-elses").delete();
        nothingIsLeft();
    }

    static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
