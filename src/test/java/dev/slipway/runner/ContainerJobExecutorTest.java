package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.pipeline.BuildCache;
import dev.slipway.pipeline.Cancellation;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobExecutorContract;
import dev.slipway.pipeline.JobSpec;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.StageSpec;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.testing.CommandResult;
import dev.slipway.testing.TestDocker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs in containers on a real Docker engine (the tests' shared one), in the JDK 17 + Maven build image that
 * {@code bin/build-image-jdk} makes once per machine (imported into the engine once, if it lacks it): the executor
 * contract every job executor keeps, then what only containers have — the Maven cache across runs, cancel and timeout
 * removing the container, no engine socket in the job, a remote engine's copy in and back, and start-up's sweep.
 */
class ContainerJobExecutorTest extends JobExecutorContract {
    static final String IMAGE = "slipway-test/jdk-maven:bookworm";
    static final Path IMAGE_TAR = Path.of(System.getenv().getOrDefault("SLIPWAY_JDK_IMAGE_TAR",
            "/var/cache/slipway-test/jdk-maven.tar"));
    private static TestDocker docker;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer mavenMirror;

    @BeforeAll
    static void theBuildImageIsInTheEngine() throws Exception {
        docker = TestDocker.get();
        if (docker.docker("image", "inspect", IMAGE).exitCode() == 0) {
            return;
        }
        if (!Files.isRegularFile(IMAGE_TAR)) { // once per machine; .ci/run builds it before the tests
            Process build = new ProcessBuilder("bin/build-image-jdk", IMAGE_TAR.toString()).inheritIO().start();
            assertThat(build.waitFor()).as("bin/build-image-jdk").isZero();
        }
        CommandResult imported = docker.docker(Duration.ofMinutes(5), "import", IMAGE_TAR.toString(), IMAGE);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    @AfterEach
    void stopTheMirror() {
        if (mavenMirror != null) {
            mavenMirror.stop(0);
        }
    }

    private static JobEngine engine() {
        return new JobEngine("test", docker.host(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ContainerJobExecutor containers(JobEngine engine) {
        return new ContainerJobExecutor(new JobEngines() {
            @Override
            public Optional<JobEngine> forJobs() {
                return Optional.of(engine);
            }

            @Override
            public List<JobEngine> all() {
                return List.of(engine);
            }
        });
    }

    /** The contract's jobs name no container: each runs in the build image here. */
    @Override
    protected JobExecutor executor() {
        ContainerJobExecutor containers = containers(engine());
        return context -> containers.execute(new JobExecutor.Context(context.run(), context.stage(),
                inImage(context.job()), context.workspace(), context.env(), context.log(), context.cancellation(),
                context.cache()));
    }

    private static JobSpec inImage(JobSpec job) {
        return new JobSpec(job.name(), job.steps(), job.timeout(), job.artifactPaths(), job.passPaths(),
                job.cachePaths(), job.image(), Optional.of(IMAGE));
    }

    @Override
    protected String printing(String... lines) {
        return Arrays.stream(lines).map(l -> "echo '" + l + "'").collect(Collectors.joining("\n"));
    }

    @Override
    protected String printingVariable(String name) {
        return "echo \"" + name + "=$" + name + "\"";
    }

    @Override
    protected String writing(String file, String text) {
        return "printf '%s' '" + text + "' > '" + file + "'";
    }

    @Override
    protected String exiting(int code) {
        return "exit " + code;
    }

    @Override
    protected String waiting(Duration duration) {
        return "sleep " + duration.toMillis() / 1000.0;
    }

    @Override
    protected String hanging(String announce) {
        return "echo '" + announce + "'\nsleep 600";
    }

    @Override
    protected String leavingInBackground(String marker) {
        return """
                sleep %1$s1 &
                nohup sleep %1$s2 > /dev/null 2>&1 &
                setsid sleep %1$s3 &
                echo started""".formatted(marker);
    }

    /** A container's processes are the host kernel's: seen in the host's /proc by their command line. */
    @Override
    protected boolean alive(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep " + marker));
    }

    private List<String> jobContainers() {
        CommandResult listed = docker.docker("ps", "-aq", "--filter", "label=" + JobContainer.APP + "=app",
                "--filter", "label=" + JobContainer.RUN + "=1");
        return listed.out().lines().filter(l -> !l.isBlank()).toList();
    }

    private CompletableFuture<JobExecutor.Outcome> inBackground(JobSpec job, Cancellation cancellation) {
        return CompletableFuture.supplyAsync(() -> execute(job, cancellation));
    }

    @Test
    void aCancelKillsAndRemovesTheContainerWhoseOnlyMountIsTheWorkspace() {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<JobExecutor.Outcome> running = inBackground(job(hanging("waiting")), cancellation);
        await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("waiting"));
        List<String> containers = jobContainers();
        assertThat(containers).hasSize(1);
        CommandResult mounts = docker.docker("inspect", "--format", "{{range .Mounts}}{{.Source}} {{end}}|"
                + "{{.HostConfig.NetworkMode}}|{{.HostConfig.Privileged}}", containers.get(0));
        assertThat(mounts.out().strip()).isEqualTo(workspace + " |host|false");

        cancellation.cancel();

        assertThat(running.join().state()).isEqualTo(JobState.CANCELLED);
        assertThat(jobContainers()).as("no container with the job's label is left").isEmpty();
    }

    @Test
    void aTimeoutKillsAndRemovesTheContainer() {
        JobExecutor.Outcome outcome = execute(job(Duration.ofSeconds(3), hanging("waiting")));

        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.error()).contains("timed out after 3s").contains("container was killed and removed");
        assertThat(jobContainers()).isEmpty();
    }

    /** The executor mounts the workspace only (checked above by the engine's own view); here the job looks itself. */
    @Test
    void aJobCannotSeeTheEnginesSocket() {
        String socket = docker.host().substring("unix://".length());
        JobExecutor.Outcome outcome = execute(job("""
                for p in /var/run/docker.sock /run/docker.sock %s; do if [ -e "$p" ]; then echo "SEES $p"; fi; done
                find / -type s 2>/dev/null | grep -v '^/proc' | sed 's/^/SOCKET /'
                grep -c docker.sock /proc/self/mountinfo | sed 's/^/MOUNTED /'
                env | grep -i docker | sed 's/^/VARIABLE /'
                echo looked""".formatted(socket)));

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(log()).contains("looked", "MOUNTED 0")
                .noneMatch(l -> l.startsWith("SEES") || l.startsWith("SOCKET") || l.startsWith("VARIABLE"));
    }

    @Test
    void withoutAnExecutorAContainerJobFailsNamingTheCommandThatAddsOne() {
        ContainerJobExecutor none = new ContainerJobExecutor(new JobEngines() {
            @Override
            public Optional<JobEngine> forJobs() {
                return Optional.empty();
            }

            @Override
            public List<JobEngine> all() {
                return List.of();
            }
        });
        JobSpec job = inImage(job(printing("never")));
        JobExecutor.Outcome outcome = none.execute(new JobExecutor.Context(RUN, new StageSpec("build", List.of(job)),
                job, workspace, Map.of(), writer(), new Cancellation()));

        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.error()).contains("has no executor").contains("slipway executor add NAME --docker");
    }

    @Test
    void aRestartedServerRemovesTheJobContainersACrashLeft() {
        CommandResult left = docker.docker("run", "-d", "--network", "host", "--label", JobContainer.APP + "=app",
                "--label", JobContainer.RUN + "=1", "--label", JobContainer.JOB + "=build", "--entrypoint", "tail",
                IMAGE, "-f", "/dev/null");
        assertThat(left.exitCode()).as(left.toString()).isZero();
        assertThat(jobContainers()).hasSize(1);

        assertThat(containers(engine()).removeLeftovers()).containsExactly("test:app run 1 job build");

        assertThat(jobContainers()).isEmpty();
    }

    private LogStore.Writer writer() {
        try {
            return new LogStore(root.resolve("other-logs"), Clock.systemUTC()).open("app", 1, 0, "build");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
