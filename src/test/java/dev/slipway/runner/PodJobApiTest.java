package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.image.RunCredentials;
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
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod's side for real, against a real Slipway server over HTTP: the job's script ({@code pod-job.sh}) run by
 * {@code sh} with the variables the pod would get (its spec's and its Secret's, read back from the mock cluster), the
 * test playing the kubelet (the emptyDir a temp directory, the exit code and termination message written into the
 * mock); and the API's refusals with {@code curl}: a wrong token, another run's, a user's API token, a tar entry
 * outside the workspace, a tar over the limit, a job not running as a pod.
 */
class PodJobApiTest {
    static final String ADMIN = "slw_podadmin00.pod-admin-token-with-enough-entropy-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Run RUN = new Run("shop", 7, "main", "c0ffee", "7ree", "d1gest", "dev", RunState.RUNNING,
            null, null, null, Instant.EPOCH, Instant.EPOCH, null);
    static final String NS = "jobs";

    @TempDir
    static Path server;
    static Slipway slipway;
    static MockCluster cluster;

    @TempDir
    Path root;
    Path workspace;

    @BeforeAll
    static void start() {
        slipway = Slipway.start(new ServerConfig(server, "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void aPreparedWorkspace() throws IOException {
        workspace = Files.createDirectories(root.resolve("work/shop/7/build"));
        Files.writeString(workspace.resolve("greeting.txt"), "hello from the commit");
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("src/main.sh"), "echo main");
    }

    @Test
    void theScriptFetchesTheWorkspaceRunsTheStepsAndSendsItBackThroughTheApi() throws Exception {
        RunCredentials.Issued issued = slipway.runCredentials().issue("shop", 7);
        try {
            JobSpec job = new JobSpec("build", List.of(new StepSpec("make", "cat greeting.txt > built.txt\n"
                    + "echo \"$SLIPWAY_APP\" >> built.txt\nmkdir -p \"$HOME/.cache\" && echo kept > \"$HOME/.cache/c\""),
                    new StepSpec("check", "test -s built.txt")), Duration.ofMinutes(5), List.of("built.txt"),
                    List.of(), List.of(), Optional.empty(), Optional.of("busybox:latest"),
                    new JobResources(Optional.of("1"), Optional.of("256Mi")));
            CompletableFuture<JobExecutor.Outcome> outcome = execute(job, issued);

            Pod pod = thePod();
            Process script = kubeletRuns(pod);
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = script.exitValue();
            assertThat(exit).as(output).isZero();
            assertThat(output).contains("$ cat greeting.txt > built.txt");
            kubeletReports(pod, exit, Files.readString(emptyDir.resolve("termination-log")));

            assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(new JobExecutor.Outcome(JobState.SUCCEEDED, 0, null));
            assertThat(workspace.resolve("built.txt")).hasContent("hello from the commitshop\n");
            assertThat(workspace.resolve("src/main.sh")).hasContent("echo main");
        } finally {
            slipway.runCredentials().revoke("shop", 7);
        }
    }

    @Test
    void aFailingStepEndsTheScriptWithItsCodeAndTheLaterStepsDoNotRun() throws Exception {
        RunCredentials.Issued issued = slipway.runCredentials().issue("shop", 7);
        try {
            JobSpec job = new JobSpec("build", List.of(new StepSpec("first", "echo one > one.txt"),
                    new StepSpec("broken", "exit 4"), new StepSpec("never", "echo never > never.txt")),
                    Duration.ofMinutes(5), List.of(), List.of(), List.of(), Optional.empty(), Optional.of("busybox"),
                    JobResources.NONE);
            CompletableFuture<JobExecutor.Outcome> outcome = execute(job, issued);

            Pod pod = thePod();
            Process script = kubeletRuns(pod);
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(script.exitValue()).isEqualTo(4);
            assertThat(emptyDir.resolve("termination-log")).hasContent("step 2");
            assertThat(emptyDir.resolve("work/never.txt")).doesNotExist();
            kubeletReports(pod, 4, "step 2");

            assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(new JobExecutor.Outcome(JobState.FAILED, 4,
                    "step 'broken' exited with code 4"));
            assertThat(workspace.resolve("one.txt")).doesNotExist(); // nothing was sent back
        } finally {
            slipway.runCredentials().revoke("shop", 7);
        }
    }

    /** An image with busybox alone (its sh, tar, cat, …) and curl: what the README says is enough. */
    @Test
    void busyboxAndCurlAreAllTheImageNeeds() throws Exception {
        Path bin = Files.createDirectories(root.resolve("image/bin"));
        for (String applet : List.of("sh", "tar", "cat", "mkdir", "rm", "dirname", "test", "[", "echo", "printf")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("/usr/bin/busybox"));
        }
        Files.createSymbolicLink(bin.resolve("curl"), Path.of("/usr/bin/curl"));
        RunCredentials.Issued issued = slipway.runCredentials().issue("shop", 7);
        try {
            JobSpec job = new JobSpec("build", List.of(new StepSpec("make", "mkdir -p out && cat greeting.txt > out/a\n"
                    + "command -v bash || echo no-bash")), Duration.ofMinutes(5), List.of("out/"), List.of(), List.of(),
                    Optional.empty(), Optional.of("busybox"), JobResources.NONE);
            CompletableFuture<JobExecutor.Outcome> outcome = execute(job, issued);

            Pod pod = thePod();
            Process script = kubeletRuns(pod, bin.toString());
            assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.exitValue()).as(output).isZero();
            assertThat(output).contains("no-bash");
            kubeletReports(pod, 0, Files.readString(emptyDir.resolve("termination-log")));

            assertThat(outcome.get(30, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(workspace.resolve("out/a")).hasContent("hello from the commit");
        } finally {
            slipway.runCredentials().revoke("shop", 7);
        }
    }

    @Test
    void theApiTakesOnlyThisRunsOwnCredentialsAndSafeTarsWithinTheLimit() throws Exception {
        RunCredentials.Issued mine = slipway.runCredentials().issue("shop", 7);
        RunCredentials.Issued other = slipway.runCredentials().issue("shop", 8);
        Path good = tar(root.resolve("good.tar"), "./made.txt", "MADE");
        try (PodWorkspaces.Open open = slipway.podWorkspaces().open("shop", 7, "build", workspace, 4096)) {
            String url = slipway.url() + "/api/v1/apps/shop/runs/7/jobs/build/workspace.tar";

            Curl fetched = curl("-u", mine.user() + ":" + mine.token(), "-o", root.resolve("in.tar").toString(), url);
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(Files.size(root.resolve("in.tar"))).isPositive();

            Curl wrong = curl("-u", mine.user() + ":slw_run_wrong", "-T", good.toString(), url);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("message").asText()).contains("the run's own credentials");
            Curl apiToken = curl("-H", "Authorization: Bearer " + ADMIN, "-T", good.toString(), url);
            assertThat(apiToken.status()).isEqualTo(401);
            Curl anonymous = curl("-T", good.toString(), url);
            assertThat(anonymous.status()).isEqualTo(401);
            Curl otherRun = curl("-u", other.user() + ":" + other.token(), "-T", good.toString(), url);
            assertThat(otherRun.status()).isEqualTo(403);
            assertThat(otherRun.json().get("message").asText()).contains("shop run #8").contains("shop run #7");
            assertThat(open.received()).isFalse();

            Curl escaping = curl("-u", mine.user() + ":" + mine.token(), "-T",
                    tar(root.resolve("evil.tar"), "./../escaped.txt", "OUT").toString(), url);
            assertThat(escaping.status()).isEqualTo(400);
            assertThat(escaping.json().get("error").asText()).isEqualTo("invalid");
            assertThat(escaping.json().get("message").asText()).contains("../escaped.txt").contains("outside");
            assertThat(workspace.resolveSibling("escaped.txt")).doesNotExist();
            assertThat(workspace.resolve("greeting.txt")).exists(); // a refused tar changes nothing

            Curl tooLarge = curl("-u", mine.user() + ":" + mine.token(), "-T",
                    tar(root.resolve("big.tar"), "./big.bin", "x".repeat(10_000)).toString(), url);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("message").asText()).contains("limit of 4096 bytes");
            assertThat(workspace.resolve("big.bin")).doesNotExist();

            Curl accepted = curl("-u", mine.user() + ":" + mine.token(), "-T", good.toString(), url);
            assertThat(accepted.status()).isEqualTo(204);
            assertThat(open.received()).isTrue();
            assertThat(workspace.resolve("made.txt")).hasContent("MADE");
            assertThat(workspace.resolve("greeting.txt")).doesNotExist();

            Curl notRunning = curl("-u", mine.user() + ":" + mine.token(), "-o", root.resolve("x.tar").toString(),
                    slipway.url() + "/api/v1/apps/shop/runs/7/jobs/deploy/workspace.tar");
            assertThat(notRunning.status()).isEqualTo(404);
        } finally {
            slipway.runCredentials().revoke("shop", 7);
            slipway.runCredentials().revoke("shop", 8);
        }
        // the run ended: its token opens nothing any more
        Curl revoked = curl("-u", mine.user() + ":" + mine.token(), "-o", root.resolve("y.tar").toString(),
                slipway.url() + "/api/v1/apps/shop/runs/7/jobs/build/workspace.tar");
        assertThat(revoked.status()).isEqualTo(401);
    }

    // ---- the executor, and the test as the kubelet ----

    Path emptyDir;

    private CompletableFuture<JobExecutor.Outcome> execute(JobSpec job, RunCredentials.Issued issued) throws IOException {
        LogStore logs = new LogStore(root.resolve("logs"), Clock.systemUTC());
        LogStore.Writer log = logs.open("shop", 7, 0, job.name());
        PodJobExecutor executor = new PodJobExecutor("cluster", cluster.server().createClient(), NS,
                slipway.podWorkspaces(), slipway.url(), 1 << 20);
        Map<String, String> env = Map.of("SLIPWAY_APP", "shop", "SLIPWAY_RUN", "7",
                "SLIPWAY_REGISTRY_USER", issued.user(), "SLIPWAY_REGISTRY_TOKEN", issued.token(),
                "SLIPWAY_WORKSPACE", workspace.toString());
        return CompletableFuture.supplyAsync(() -> {
            try (log) {
                return executor.execute(new JobExecutor.Context(RUN, new StageSpec("build", List.of(job)), job,
                        workspace, env, log, new Cancellation()));
            }
        });
    }

    private static Pod thePod() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.client().pods().inNamespace(NS).list().getItems().isEmpty());
        return cluster.client().pods().inNamespace(NS).list().getItems().get(0);
    }

    /**
     * Starts the pod's command as the kubelet would, with the Secret's variables under the spec's own, its emptyDir
     * (here a temp directory in place of /slipway) and its termination message path there too.
     */
    private Process kubeletRuns(Pod pod) throws IOException {
        return kubeletRuns(pod, "/usr/bin:/bin");
    }

    /** {@code path}: the image's PATH (what its sh, tar and curl are). */
    private Process kubeletRuns(Pod pod, String path) throws IOException {
        emptyDir = Files.createDirectories(root.resolve("emptydir"));
        var container = pod.getSpec().getContainers().get(0);
        Secret secret = cluster.client().secrets().inNamespace(NS).withName(
                container.getEnvFrom().get(0).getSecretRef().getName()).get();
        Map<String, String> env = new HashMap<>();
        secret.getData().forEach((k, v) -> env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue().replace(JobPod.FILES, emptyDir.toString()));
        }
        env.put("SLIPWAY_TERMINATION_LOG", emptyDir.resolve("termination-log").toString());
        env.put("PATH", path);
        List<String> command = new ArrayList<>(container.getCommand());
        command.set(0, path.split(":")[0] + "/" + command.get(0)); // the image's sh, not this host's
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void kubeletReports(Pod pod, int exit, String message) {
        Pod current = cluster.client().pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
        current.setStatus(new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName("job").withNewState().withNewTerminated()
                        .withExitCode(exit).withMessage(message).endTerminated().endState().build()).build());
        cluster.client().pods().inNamespace(NS).resource(current).updateStatus();
    }

    // ---- curl ----

    record Curl(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** curl with {@code args}; the body (or the error body) and the status it printed last. */
    private Curl curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int newline = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(newline + 1).strip()), out.substring(0, Math.max(newline, 0)));
    }

    static Path tar(Path file, String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return Files.write(file, bytes.toByteArray());
    }
}
