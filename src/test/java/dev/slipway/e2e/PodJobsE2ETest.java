package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Jobs as pods through the real server process and CLI: a Kubernetes cluster (fabric8's mock API server, CRUD mode:
 * it runs no kubelet) registered as the executor with {@code slipway executor add --kubernetes}; a job that says
 * {@code container:} then becomes a pod there with the job's image and resources, and its Secret; cancelling the run
 * deletes both; with the test playing the kubelet ({@code pod-job.sh} run by {@code sh} against the server with the
 * pod's variables, its exit code and termination message written back) the run succeeds with the files the pod sent
 * back; and a crash's leftover pod is deleted when the server starts again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodJobsE2ETest extends OneServerE2E {
    static final String NS = "ci-jobs";
    static final String IMAGE = "registry.example/build@sha256:" + "4b".repeat(32);
    static MockCluster cluster;
    static KubernetesClient kube;
    static GitClient git;
    static String source;

    @BeforeAll
    static void aClusterAsTheExecutor() throws Exception {
        cluster = MockCluster.start();
        kube = cluster.client();
        createApp("podded");
        Path kubeconfig = cluster.kubeconfig(tmp.resolve("jobs.kubeconfig"), "ci", "default");
        CliRunner.Result added = cli.run("executor", "add", "cluster", "--kubernetes", "--kubeconfig",
                kubeconfig.toString(), "--namespace", NS);
        assertThat(added.exit()).as(added.err()).isZero();
        git = GitClient.init(tmp.resolve("podded"));
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theJobBecomesAPodWithItsImageAndResourcesAndCancelDeletesItAndItsSecret() throws Exception {
        long run = push("""
                stages:
                  - name: build
                    jobs:
                      compile:
                        container: %s
                        resources: { cpu: 1, memory: 256Mi }
                        steps: [ "make all" ]
                """.formatted(IMAGE));

        Pod pod = thePod();
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
        assertThat(pod.getMetadata().getLabels()).containsEntry("slipway.dev/app", "podded")
                .containsEntry("slipway.dev/run", Long.toString(run)).containsEntry("slipway.dev/job", "compile");
        assertThat(env(container, "SLIPWAY_API_URL")).isEqualTo(server.url());
        assertThat(kube.secrets().inNamespace(NS).withName(pod.getMetadata().getName()).get()).isNotNull();
        assertThat(api.run("podded", run).get("state").asText()).isEqualTo("RUNNING");

        CliRunner.Result cancelled = cli.run("cancel", "podded", Long.toString(run));
        assertThat(cancelled.exit()).as(cancelled.err()).isZero();
        assertThat(awaitRun("podded", run).get("state").asText()).isEqualTo("CANCELLED");
        nothingIsLeft();
        assertThat(cli.run("logs", "podded", Long.toString(run)).out())
                .contains("running in pod " + NS + "/" + pod.getMetadata().getName() + " (" + IMAGE
                        + ") on executor cluster");
    }

    @Test
    @Order(2)
    void withTheTestAsKubeletThePodFetchesTheCommitRunsTheStepsAndSendsItsFilesBack() throws Exception {
        long run = push("""
                stages:
                  - name: build
                    jobs:
                      compile:
                        container: %s
                        pass: [ out.txt ]
                        steps:
                          - echo "built by $SLIPWAY_APP from $(cat source.txt)" > out.txt
                  - name: test
                    jobs:
                      check:
                        steps: [ cat out.txt ]
                """.formatted(IMAGE));

        Pod pod = thePod();
        Path emptyDir = Files.createDirectories(tmp.resolve("emptydir-" + run));
        Process script = kubeletRuns(pod, emptyDir);
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(output).isZero();
        kubeletReports(pod, script.exitValue(), Files.readString(emptyDir.resolve("termination-log")));

        JsonNode ended = awaitRun("podded", run);
        String log = cli.run("logs", "podded", Long.toString(run)).out();
        assertThat(ended.get("state").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("built by podded from " + source);
        nothingIsLeft();
    }

    @Test
    @Order(3)
    void aPodACrashLeftIsDeletedWhenTheServerStartsAgain() throws Exception {
        long run = push("""
                stages:
                  - name: build
                    jobs:
                      hang: { container: %s, steps: [ "sleep 600" ] }
                """.formatted(IMAGE));
        Pod pod = thePod();
        server.crash();
        assertThat(kube.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get())
                .as("a crash leaves the pod").isNotNull();
        server.launch();
        nothingIsLeft();
        assertThat(server.logText()).contains("removed job pod cluster:" + pod.getMetadata().getName()
                + ", left by a crash");
        assertThat(awaitRun("podded", run).get("state").asText()).isEqualTo("ERRORED");
    }

    /** Commits the pipeline and a new {@link #source}, pushes them; the run's number. */
    private static long push(String pipeline) throws Exception {
        git.write(".slipway.yml", pipeline);
        source = "the commit of " + marker();
        git.write("source.txt", source);
        git.commitAll("a job in a pod");
        return pushedRun(git.push(server.pushUrl("podded"), "HEAD:refs/heads/main").ok());
    }

    private static Pod thePod() {
        await().atMost(LONG).until(() -> kube.pods().inNamespace(NS).list().getItems().size() == 1);
        return kube.pods().inNamespace(NS).list().getItems().get(0);
    }

    private static void nothingIsLeft() {
        await().atMost(LONG).untilAsserted(() -> {
            assertThat(kube.pods().inNamespace(NS).list().getItems()).isEmpty();
            assertThat(kube.secrets().inNamespace(NS).list().getItems()).isEmpty();
        });
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow();
    }

    /**
     * Starts the pod's command as the kubelet would: the Secret's variables under the spec's own, {@code emptyDir}
     * in place of /slipway, this host's sh, tar and curl as the image's.
     */
    private static Process kubeletRuns(Pod pod, Path emptyDir) throws Exception {
        Container container = pod.getSpec().getContainers().get(0);
        Secret secret = kube.secrets().inNamespace(NS).withName(container.getEnvFrom().get(0).getSecretRef().getName())
                .get();
        Map<String, String> env = new HashMap<>();
        secret.getData().forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue().replace("/slipway", emptyDir.toString()));
        }
        env.put("SLIPWAY_TERMINATION_LOG", emptyDir.resolve("termination-log").toString());
        env.put("PATH", "/usr/bin:/bin");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(container.getCommand())).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void kubeletReports(Pod pod, int exit, String message) {
        Pod current = kube.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName("job").withNewState().withNewTerminated()
                        .withExitCode(exit).withMessage(message).endTerminated().endState().build()).build());
        kube.pods().inNamespace(NS).resource(current).updateStatus();
    }
}
