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
import dev.slipway.testing.JdkMavenImage;
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
    static final String IMAGE = JdkMavenImage.NAME;
    private static TestDocker docker;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer mavenMirror;

    @BeforeAll
    static void theBuildImageIsInTheEngine() throws Exception {
        docker = TestDocker.get();
        JdkMavenImage.in(docker);
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

    private ContainerJobExecutor containers(JobEngine engine) {
        return new ContainerJobExecutor(new JobEngines() {
            @Override
            public Optional<JobEngine> forJobs() {
                return Optional.of(engine);
            }

            @Override
            public List<JobEngine> all() {
                return List.of(engine);
            }
        }, root.resolve("executor-keys"));
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

    /**
     * The acceptance test of the Maven cache: a tiny project built with {@code mvn -B package} through a loopback
     * mirror (serving this machine's ~/.m2/repository, read-only, and recording every request). The first run fills
     * the app's {@code ~/.m2/repository} cache through it; the second downloads nothing, by the mirror's log and by
     * Maven's own output.
     */
    @Test
    void aMavenBuildsSecondRunDownloadsNothing() throws IOException {
        String mirror = startMavenMirror();
        BuildCache caches = new BuildCache(root.resolve("caches"));
        JobSpec job = new JobSpec("build", List.of(StepSpec.of("mvn -B -s settings.xml package")),
                Duration.ofMinutes(5), List.of(), List.of(), List.of("~/.m2/repository"), Optional.empty(),
                Optional.of(IMAGE));

        List<String> first = mavenRun(job, caches, mirror, 1);
        assertThat(first).as(String.join("\n", first)).anyMatch(l -> l.endsWith("BUILD SUCCESS"))
                .anyMatch(l -> l.contains("Downloading from loopback: " + mirror))
                .noneMatch(l -> l.contains("Checksum validation failed"));
        assertThat(requests).as("the first run fetches through the mirror").isNotEmpty()
                .anyMatch(r -> r.contains("maven-compiler-plugin"));
        assertThat(workspace.resolve("target/cached-1.0.jar")).isRegularFile();

        requests.clear();
        List<String> second = mavenRun(job, caches, mirror, 2);
        assertThat(second).as(String.join("\n", second)).anyMatch(l -> l.endsWith("BUILD SUCCESS"))
                .anyMatch(l -> l.startsWith("slipway: restored cache ~/.m2/repository"))
                .noneMatch(l -> l.contains("Downloading from") || l.contains("Downloaded from"));
        assertThat(requests).as("the second run makes no request at all").isEmpty();
    }

    /** One run of the job in a fresh workspace holding the project and a settings.xml naming the mirror. */
    private List<String> mavenRun(JobSpec job, BuildCache caches, String mirror, long run) throws IOException {
        JobContainer.deleteQuietly(workspace);
        Path project = Path.of("src/test/resources/maven-cached");
        try (Stream<Path> files = Files.walk(project)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = workspace.resolve(project.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Files.writeString(workspace.resolve("settings.xml"), """
                <settings><mirrors><mirror><id>loopback</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors>
                </settings>""".formatted(mirror));
        LogStore logs = new LogStore(root.resolve("maven-logs"), Clock.systemUTC());
        try (LogStore.Writer log = logs.open("app", run, 0, job.name())) {
            JobExecutor.Outcome outcome = containers(engine()).execute(new JobExecutor.Context(RUN,
                    new StageSpec("build", List.of(job)), job, workspace, Map.of("SLIPWAY_APP", "app"), log,
                    new Cancellation(), caches.forJob("app", job.cachePaths())));
            assertThat(outcome.state()).as(outcome.toString()).isEqualTo(JobState.SUCCEEDED);
        }
        return Files.readAllLines(logs.file("app", run, 0, job.name())).stream()
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    /** A loopback HTTP server over this machine's local Maven repository, read-only, recording each request. */
    /** The file, or the SHA-1 a real repository serves beside it (a local repository often lacks it); null: 404. */
    private static byte[] mirrored(Path repository, String path) throws IOException {
        Path file = repository.resolve(path.substring(1)).normalize();
        if (!file.startsWith(repository)) {
            return null;
        }
        if (Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
        }
        Path original = Path.of(file.toString().replaceFirst("\\.sha1$", ""));
        if (path.endsWith(".sha1") && Files.isRegularFile(original)) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                        .digest(Files.readAllBytes(original))).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private String startMavenMirror() throws IOException {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository").toAbsolutePath().normalize();
        mavenMirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mavenMirror.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] content = mirrored(repository, exchange.getRequestURI().getPath());
            boolean get = exchange.getRequestMethod().equals("GET");
            exchange.sendResponseHeaders(content == null ? 404 : 200, content != null && get ? content.length : -1);
            try (OutputStream body = exchange.getResponseBody()) {
                if (content != null && get) {
                    body.write(content);
                }
            }
        });
        mavenMirror.start();
        return "http://127.0.0.1:" + mavenMirror.getAddress().getPort() + "/";
    }

    /**
     * A remote engine (the same engine reached over loopback TCP, through a forwarder to its socket) mounts nothing:
     * the workspace, with the job's HOME and its restored caches, is copied in, and copied back when every step
     * succeeded — files, an executable bit, a symbolic link, a deletion — so artifacts, passed files and caches work.
     */
    @Test
    void aRemoteEngineGetsACopyOfTheWorkspaceAndGivesItBack() throws Exception {
        BuildCache caches = new BuildCache(root.resolve("caches"));
        JobSpec job = new JobSpec("build", List.of(StepSpec.of("""
                cat mine.txt > seen.txt && rm mine.txt
                mkdir -p out && echo made > out/file && chmod +x out/file && ln -s file out/link
                mkdir -p ~/.kept && echo kept > ~/.kept/entry
                cat /proc/self/mountinfo | grep -c " %s " | sed 's/^/WORKSPACE MOUNTS /'""".formatted(workspace))),
                Duration.ofMinutes(1), List.of(), List.of(), List.of("~/.kept"), Optional.empty(), Optional.of(IMAGE));

        try (LoopbackForwarder tcp = LoopbackForwarder.to(Path.of(docker.host().substring("unix://".length())));
             LogStore.Writer log = writer()) {
            JobEngine remote = new JobEngine("remote", "tcp://127.0.0.1:" + tcp.port(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            JobExecutor.Outcome outcome = containers(remote).execute(new JobExecutor.Context(RUN,
                    new StageSpec("build", List.of(job)), job, workspace, Map.of("SLIPWAY_APP", "app"), log,
                    new Cancellation(), caches.forJob("app", job.cachePaths())));
            assertThat(outcome.state()).as(outcome.toString()).isEqualTo(JobState.SUCCEEDED);
        }

        List<String> log = Files.readAllLines(new LogStore(root.resolve("other-logs"), Clock.systemUTC())
                .file("app", 1, 0, "build"));
        assertThat(String.join("\n", log)).contains("on executor remote (the workspace copied in)")
                .contains("WORKSPACE MOUNTS 0");
        assertThat(workspace.resolve("seen.txt")).hasContent("OWN-WORKSPACE-CONTENT");
        assertThat(workspace.resolve("mine.txt")).doesNotExist();
        assertThat(workspace.resolve("out/file")).hasContent("made").isExecutable();
        assertThat(Files.readSymbolicLink(workspace.resolve("out/link"))).isEqualTo(Path.of("file"));
        assertThat(workspace.resolve(LocalJobExecutor.OWN)).doesNotExist();
        try (Stream<Path> kept = Files.walk(root.resolve("caches"))) {
            assertThat(kept.filter(p -> p.getFileName().toString().equals("entry"))).singleElement()
                    .satisfies(p -> assertThat(p).hasContent("kept"));
        }
        assertThat(jobContainers()).isEmpty();
    }

    /**
     * An executor over tcp:// with TLS client certificates (an engine of the test's own with --tlsverify; the PEM
     * texts as the registry hands them over, key opened): the job runs there, on a copy of the workspace, in a
     * busybox image (sh, no bash) made here from Debian's busybox-static.
     */
    @Test
    void anEngineOverTlsRunsTheJobInAnImageWithoutBash() throws Exception {
        TestDocker tlsEngine = TestDocker.startTls();
        try {
            String busybox = busyboxImage(tlsEngine);
            TestDocker.Tls tls = tlsEngine.tls();
            JobEngine remote = new JobEngine("tls", tls.host(), Optional.of(tls.pem(tls.client(), "ca.pem")),
                    Optional.of(tls.pem(tls.client(), "cert.pem")), Optional.of(tls.pem(tls.client(), "key.pem")));
            JobSpec job = new JobSpec("build", List.of(StepSpec.of("echo \"$0 read $(cat mine.txt)\" > tls.txt")),
                    Duration.ofMinutes(1), List.of(), List.of(), List.of(), Optional.empty(), Optional.of(busybox));
            try (LogStore.Writer log = writer()) {
                JobExecutor.Outcome outcome = containers(remote).execute(new JobExecutor.Context(RUN,
                        new StageSpec("build", List.of(job)), job, workspace, Map.of(), log, new Cancellation()));
                assertThat(outcome.state()).as(outcome.toString()).isEqualTo(JobState.SUCCEEDED);
            }
            assertThat(workspace.resolve("tls.txt")).hasContent("sh read OWN-WORKSPACE-CONTENT\n");
            try (Stream<Path> keys = Files.list(root.resolve("executor-keys"))) {
                assertThat(keys).as("the client's TLS files are gone with it").isEmpty();
            }
        } finally {
            tlsEngine.stop();
        }
    }

    /** A root file system of busybox-static and its applets' links, imported into the engine. */
    private String busyboxImage(TestDocker engine) throws Exception {
        Path rootfs = Files.createDirectories(root.resolve("busybox/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        for (String applet : List.of("sh", "tail", "cat", "echo")) {
            Files.createSymbolicLink(rootfs.resolve(applet), Path.of("busybox"));
        }
        Path tar = root.resolve("busybox.tar");
        Process packed = new ProcessBuilder("tar", "-C", rootfs.getParent().toString(), "-cf", tar.toString(), ".")
                .inheritIO().start();
        assertThat(packed.waitFor()).isZero();
        CommandResult imported = engine.docker("import", tar.toString(), "slipway-test/busybox:tls");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        return "slipway-test/busybox:tls";
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
        }, root.resolve("executor-keys"));
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
