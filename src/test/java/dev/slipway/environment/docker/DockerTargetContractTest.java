package dev.slipway.environment.docker;

import dev.slipway.target.docker.DockerEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.artifact.Digest;
import dev.slipway.boot.ServerConfig;
import dev.slipway.boot.Slipway;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.DeployTargetContract;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.RunningService;
import dev.slipway.testing.BusyboxBase;
import dev.slipway.testing.RealCommand;
import dev.slipway.testing.TestDocker;
import java.io.BufferedReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker target against the port's contract and in its own right, on the shared real engine: two busybox images
 * pushed into a real Slipway registry (in this JVM) by {@code docker push}, removed from the engine again so the
 * target must pull them by digest with the admin's token.
 */
class DockerTargetContractTest extends DeployTargetContract {
    static final String ADMIN = "slw_dockertarget.docker-target-admin-token-with-enough-entropy-0123";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Serves /www (index.html, healthz) on 127.0.0.1:$PORT: the image's own command. */
    static final String SERVE = "exec busybox httpd -f -p 127.0.0.1:$PORT -h /www";

    @TempDir
    static Path tmp;
    static Slipway slipway;
    static TestDocker docker;
    static PullCredential pull;
    static Digest one;
    static Digest two;
    private DockerTarget target;
    /** The next servers' targets a test made, closed after it (not {@link #target}: the contract stops with it later). */
    private final List<DockerTarget> next = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void registryWithTwoImages() throws Exception {
        docker = TestDocker.get();
        slipway = Slipway.start(new ServerConfig(tmp.resolve("server"), "127.0.0.1", 0, null, 2, Optional.of(ADMIN)));
        api("POST", "/api/v1/apps", "{\"name\":\"app\"}");
        String registry = slipway.url().substring("http://".length());
        pull = new PullCredential(registry, "admin", ADMIN);
        docker.docker("login", registry, "-u", "admin", "-p", ADMIN).ok();
        one = pushImage("one", "version one");
        two = pushImage("two", "version two");
    }

    /** A busybox image serving /www, pushed as app:NAME; the engine's own copy is removed again. */
    static Digest pushImage(String name, String index) throws Exception {
        Path rootfs = tmp.resolve(name + "/rootfs");
        BusyboxBase.writeRootfs(rootfs);
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), index + "\n");
        Files.writeString(rootfs.resolve("www/healthz"), "ok\n");
        Path tar = tmp.resolve(name + "/rootfs.tar");
        RealCommand.run(Duration.ofMinutes(1), Map.of(), List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(),
                ".")).ok();
        String image = pull.repository("app") + ":" + name;
        docker.docker("import", "--change", "CMD [\"/bin/sh\", \"-c\", \"" + SERVE + "\"]", tar.toString(), image).ok();
        String pushed = docker.docker("push", image).ok().output();
        Matcher digest = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(pushed);
        assertThat(digest.find()).as(pushed).isTrue();
        docker.docker("rmi", image).ok();
        return Digest.parse(digest.group(1));
    }

    static void api(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(slipway.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    }

    @AfterAll
    static void stopAll() {
        if (docker != null && pull != null) {
            DockerTarget cleaner = newTarget();
            cleaner.inPlace().forEach(p -> cleaner.discard(p.app(), p.environment(), p.deployment()));
            for (Digest d : new Digest[] {one, two}) {
                if (d != null) {
                    docker.docker("rmi", pull.image("app", d));
                }
            }
            docker.docker("logout", pull.registry());
        }
        if (slipway != null) {
            slipway.close();
        }
    }

    static DockerTarget newTarget() {
        return new DockerTarget("docker", new DockerEngine(docker.host()), pull,
                new PortAllocator(InetAddress.getLoopbackAddress()), tmp.resolve("logs"));
    }

    @BeforeEach
    void aTarget() {
        target = newTarget();
    }

    @Override
    protected DeployTarget target() {
        return target;
    }

    @Override
    protected DeployTarget nextServersTarget() {
        DockerTarget another = newTarget();
        next.add(another);
        return another;
    }

    @org.junit.jupiter.api.AfterEach
    void closeTheNextServersTargets() {
        next.forEach(DockerTarget::close);
    }

    @Override
    protected Digest artifact() {
        return one;
    }

    @Override
    protected Digest otherArtifact() {
        return two;
    }

    /** The image's own command. */
    @Override
    protected Launch launch() {
        return new Launch("", "/healthz", Duration.ofSeconds(30), Map.of());
    }

    @Override
    protected DeployTarget.Start neverHealthy(long deployment) {
        return new DeployTarget.Start("app", "staging", deployment, one,
                new Launch("echo starting; exit 3", "/healthz", Duration.ofSeconds(30), Map.of()), Map.of(), Set.of(),
                line -> { });
    }

    // --- the Docker target's own

    private static DeployTarget.Start start(long deployment, Launch launch, Map<String, String> env, Set<String> secrets) {
        return new DeployTarget.Start("app", "review/x", deployment, one, launch, env, secrets, line -> { });
    }

    private static JsonNode inspect(String container) throws Exception {
        return JSON.readTree(docker.docker("inspect", container).ok().out()).get(0);
    }

    private static String log(DockerTarget target, long deployment) throws Exception {
        try (BufferedReader reader = target.open("app", "review/x", deployment).orElseThrow()) {
            return reader.lines().collect(Collectors.joining("\n"));
        }
    }

    @Test
    void theContainerHasItsVariablesLabelsHostNetworkAndNoRestartPolicyAndItsOutputIsTheLog() throws Exception {
        Launch launch = new Launch("echo \"GREETING=$GREETING PORT=$PORT TOKEN=$TOKEN\"; " + SERVE, "/healthz",
                Duration.ofSeconds(30), Map.of());
        RunningService service = target.start(start(7, launch, Map.of("GREETING", "hello", "TOKEN", "very-secret-1",
                ContainerLabels.SLOT_VARIABLE, "blue"), Set.of("TOKEN")));
        try {
            JsonNode container = inspect(service.container());
            assertThat(container.at("/Name").asText()).isEqualTo("/slipway-app-review-x-7");
            assertThat(container.at("/HostConfig/NetworkMode").asText()).isEqualTo("host");
            assertThat(container.at("/HostConfig/RestartPolicy/Name").asText()).isIn("no", "");
            assertThat(container.at("/Config/Labels").toString()).contains("\"dev.slipway.app\":\"app\"",
                    "\"dev.slipway.environment\":\"review/x\"", "\"dev.slipway.deployment\":\"7\"",
                    "\"dev.slipway.digest\":\"" + one + "\"", "\"dev.slipway.slot\":\"blue\"");
            assertThat(container.at("/Config/Env").toString()).contains("PORT=" + service.port());
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(target.address(service) + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("version one\n");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log(target, 7))
                    .contains("GREETING=hello PORT=" + service.port() + " TOKEN=***").doesNotContain("very-secret-1"));
            assertThat(newTarget().find("app", "review/x", 7)).contains(service);
        } finally {
            target.stop(service);
        }
        assertThat(target.find("app", "review/x", 7)).as("stopped means removed").isEmpty();
        assertThat(log(target, 7)).as("the log outlives the container").contains("GREETING=hello");
    }

    @Test
    void theNextServerAdoptsARunningContainerAndCopiesItsOutputAgainMasked() throws Exception {
        Launch launch = new Launch("echo before; trap 'echo poked $TOKEN' USR1; busybox httpd -f -p 127.0.0.1:$PORT "
                + "-h /www & while :; do wait; done", "/healthz", Duration.ofSeconds(30), Map.of());
        RunningService service = target.start(start(12, launch, Map.of("TOKEN", "very-secret-2"), Set.of("TOKEN")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log(target, 12)).contains("before"));
        target.close(); // this server goes away; the container runs on

        try (DockerTarget next = newTarget()) {
            RunningService adopted = next.find("app", "review/x", 12).orElseThrow();
            assertThat(adopted).isEqualTo(service);
            assertThat(next.isAlive(adopted)).isTrue();
            docker.docker("kill", "-s", "USR1", service.container()).ok();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log(next, 12)).contains("poked ***")
                    .doesNotContain("very-secret-2"));
            next.stop(adopted);
            assertThat(next.isAlive(adopted)).isFalse();
        }
    }

    @Test
    void aStopAsksFirstAndWaitsTheGraceThenTheOutputIsComplete() throws Exception {
        Launch launch = new Launch("trap 'echo asked to stop; exit 0' TERM; busybox httpd -f -p 127.0.0.1:$PORT -h /www "
                + "& wait", "/healthz", Duration.ofSeconds(30), Map.of(), List.of(), Duration.ofSeconds(20), null);
        RunningService service = target.start(start(8, launch, Map.of(), Set.of()));
        Instant before = Instant.now();

        target.stop(service, launch.stopGrace());

        assertThat(Duration.between(before, Instant.now())).as("it exited when asked").isLessThan(Duration.ofSeconds(15));
        assertThat(target.isAlive(service)).isFalse();
        assertThat(log(target, 8)).contains("asked to stop");
        target.stop(service, launch.stopGrace()); // already gone: nothing to do
    }

    @Test
    void aServiceThatNeverAnswersFailsWithItsOutputAndLeavesNoContainer() {
        Launch launch = new Launch("echo waiting here; " + SERVE, "/nope", Duration.ofSeconds(2), Map.of());

        assertThatThrownBy(() -> target.start(start(9, launch, Map.of(), Set.of())))
                .isInstanceOf(DeployFailedException.class).hasMessageContaining("did not answer GET /nope")
                .hasMessageContaining("waiting here");

        assertThat(target.find("app", "review/x", 9)).isEmpty();
        assertThat(docker.docker("ps", "-a", "-q", "--filter", "name=slipway-app-review-x-9").ok().out()).isBlank();
    }

    @Test
    void aServiceThatExitsFailsWithItsExitCodeAndLastWords() {
        assertThatThrownBy(() -> target.start(neverHealthy(10)))
                .isInstanceOf(DeployFailedException.class).hasMessageContaining("exited with code 3")
                .hasMessageContaining("starting");
        assertThat(target.find("app", "staging", 10)).isEmpty();
    }

    @Test
    void anImageTheRegistryDoesNotHaveFailsWithTheEnginesOwnMessage() {
        Digest missing = Digest.ofBytes("no such image".getBytes());
        DeployTarget.Start start = new DeployTarget.Start("app", "staging", 11, missing, launch(), Map.of(), Set.of(),
                line -> { });

        assertThatThrownBy(() -> target.start(start)).isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("cannot pull " + pull.image("app", missing))
                .hasMessageContaining("manifest unknown");
        assertThat(target.inPlace()).noneMatch(p -> p.deployment() == 11);
    }
}
