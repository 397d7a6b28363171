package dev.slipway.environment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.environment.Launch;
import dev.slipway.environment.PlacementCondition;
import dev.slipway.environment.PortAllocator;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.TargetHealth;
import dev.slipway.process.TestSandbox;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment's service settings on the local target, with real sandboxed processes: its stop_grace is the time
 * between SIGTERM and SIGKILL, and its readiness path (health) is what start waits for while its liveness path is
 * what is probed once it serves.
 */
class ServiceSettingsLocalTest {
    /** A web server in perl-base alone: 200 for the paths listed in OK_PATHS, 503 for any other. */
    private static final String SERVE = """
            use IO::Socket::INET;
            my %ok = map { $_ => 1 } split / /, ($ENV{OK_PATHS} // '');
            my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $ENV{PORT}, Listen => 5,
                ReuseAddr => 1) or die "cannot listen: $!";
            while (my $client = $server->accept) {
                my ($path) = (<$client> =~ m{^GET (\\S+)});
                my $status = $ok{$path} ? "200 OK" : "503 Unavailable";
                print $client "HTTP/1.0 $status\\r\\nContent-Length: 2\\r\\n\\r\\nok";
                close $client;
            }
            """;
    /** Serves until SIGTERM, then takes {@code %s} seconds to shut down before it says it stopped cleanly. */
    private static final String SLOW_TO_STOP = """
            trap 'sleep %s; echo "stopped cleanly"; exit 0' TERM
            perl serve.pl &
            wait
            """;

    @TempDir
    Path root;
    private LocalTarget target;
    private Digest digest;
    private final List<RunningService> started = new ArrayList<>();

    @BeforeEach
    void anArtifact() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Path workspace = Files.createDirectories(root.resolve("workspace"));
        Files.writeString(workspace.resolve("serve.pl"), SERVE);
        ArtifactStore artifacts = new ArtifactStore(data.resolve("artifacts"));
        digest = artifacts.store(workspace, List.of("serve.pl")).digest();
        target = new LocalTarget(data.resolve("environments"), artifacts,
                new PortAllocator(InetAddress.getLoopbackAddress()), TestSandbox.hiding(data));
    }

    @AfterEach
    void stopAll() {
        started.forEach(service -> target.stop(service, Duration.ZERO));
    }

    private RunningService start(Launch launch, String okPaths) throws DeployFailedException {
        RunningService service = target.start(new DeployTarget.Start("app", "staging", 1, digest, launch,
                Map.of("OK_PATHS", okPaths), Set.of(), line -> { }));
        started.add(service);
        return service;
    }

    private static Launch launch(String command, Duration stopGrace, String health, String liveness) {
        return new Launch(command, health, Duration.ofSeconds(10), Map.of(), List.of(), stopGrace, liveness);
    }

    private String log() throws Exception {
        return Files.readString(target.logFile("app", "staging", 1));
    }

    @Test
    void aServiceThatShutsDownWithinItsGraceIsLetFinish() throws Exception {
        Launch launch = launch(SLOW_TO_STOP.formatted(1), Duration.ofSeconds(3), "/", null);
        RunningService service = start(launch, "/");

        target.stop(service, launch.stopGrace());

        assertThat(target.isAlive(service)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> log().contains("stopped cleanly"));
    }

    @Test
    void aServiceThatOutlastsItsGraceIsKilledWhenItEndsNotLater() throws Exception {
        Launch launch = launch(SLOW_TO_STOP.formatted(10), Duration.ofSeconds(1), "/", null);
        RunningService service = start(launch, "/");

        long begun = System.nanoTime();
        target.stop(service, launch.stopGrace());
        Duration took = Duration.ofNanos(System.nanoTime() - begun);

        assertThat(target.isAlive(service)).isFalse();
        assertThat(took).as("SIGKILL once its 1 s grace is over (it used to be 5 s whatever was asked)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
        assertThat(log()).doesNotContain("stopped cleanly");
    }

    @Test
    void aRestartStopsThePreviousProcessWithTheLaunchsGrace() throws Exception {
        Launch launch = launch(SLOW_TO_STOP.formatted(10), Duration.ofSeconds(1), "/", null);
        RunningService first = start(launch, "/");

        long begun = System.nanoTime();
        RunningService second = target.restart(new DeployTarget.Start("app", "staging", 1, digest, launch,
                Map.of("OK_PATHS", "/"), Set.of(), line -> { }), first);
        started.add(second);

        assertThat(target.isAlive(first)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void startWaitsForTheReadinessPathAndTheWatchProbesTheLivenessPath() throws Exception {
        Launch launch = launch("exec perl serve.pl", Duration.ofSeconds(1), "/ready", "/live");

        RunningService ready = start(launch, "/ready");
        Deployment live = liveDeployment(launch, ready);
        assertThat(target.answersHealth(ready, "/ready")).isTrue();
        assertThat(new TargetHealth(target).healthy(live)).as("its liveness path answers 503").isFalse();
        assertThat(target.observe(live).condition()).isEqualTo(PlacementCondition.UNREACHABLE);
        target.stop(ready, Duration.ZERO);

        RunningService both = start(launch, "/ready /live");
        assertThat(new TargetHealth(target).healthy(liveDeployment(launch, both))).isTrue();
        assertThat(target.observe(liveDeployment(launch, both)).condition()).isEqualTo(PlacementCondition.RUNNING);
    }

    @Test
    void aServiceWhoseLivenessPathAnswersButNotItsReadinessPathNeverGoesLive() {
        Launch launch = new Launch("exec perl serve.pl", "/ready", Duration.ofSeconds(2), Map.of(), List.of(),
                Duration.ZERO, "/live");

        assertThatThrownBy(() -> start(launch, "/live")).isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("did not answer GET /ready with 2xx");
    }

    private Deployment liveDeployment(Launch launch, RunningService service) {
        return new Deployment("app", 1, "staging", digest, "c".repeat(40), 1, DeploymentTrigger.PUSH, "alice", launch,
                DeploymentState.LIVE, null, service, Instant.now(), Instant.now(), null);
    }
}
