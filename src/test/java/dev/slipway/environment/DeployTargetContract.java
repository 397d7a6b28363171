package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.artifact.Digest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeployTarget} must do, whatever it runs services on: start a version and answer for it (alive,
 * healthy, at an address, running that digest), stop it, let a new instance of itself adopt what survived a restart,
 * start it again from what it has, and report a version that did not come up without leaving it running.
 */
public abstract class DeployTargetContract {
    private final List<RunningService> started = new CopyOnWriteArrayList<>();

    /** The target under test. */
    protected abstract DeployTarget target();

    /** A new instance of the target, as the next server would build it, over the same machine and data. */
    protected abstract DeployTarget nextServersTarget();

    /** An artifact the target can start, healthy with {@link #launch()}. */
    protected abstract Digest artifact();

    /** Another artifact it can start the same way, which is not {@link #artifact()}. */
    protected abstract Digest otherArtifact();

    protected abstract Launch launch();

    /** A start whose service never becomes healthy (it exits, or never answers). */
    protected abstract DeployTarget.Start neverHealthy(long deployment);

    @AfterEach
    void stopWhatWasStarted() {
        started.forEach(target()::stop);
    }

    protected DeployTarget.Start startOf(long deployment, Digest digest) {
        return new DeployTarget.Start("app", "staging", deployment, digest, launch(), Map.of("GREETING", "hello"),
                Set.of(), line -> { });
    }

    private RunningService start(DeployTarget.Start start) throws DeployFailedException {
        List<RunningService> heard = new ArrayList<>();
        RunningService service = target().start(start.reporting(heard::add));
        started.add(service);
        assertThat(heard).as("told of the service before it was healthy").containsExactly(service);
        return service;
    }

    private Deployment deployment(long id, Digest digest, DeploymentState state, RunningService service) {
        return new Deployment("app", id, "staging", digest, "c".repeat(40), 1, DeploymentTrigger.PUSH, "alice", launch(),
                state, null, service, Instant.EPOCH, null, null);
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aStartedServiceRunsHealthyAtItsOwnAddress() throws Exception {
        RunningService one = start(startOf(1, artifact()));
        RunningService two = start(startOf(2, artifact()));

        assertThat(target().isAlive(one)).isTrue();
        assertThat(target().answersHealth(one, launch().health())).isTrue();
        assertThat(target().address(one)).isNotBlank().isNotEqualTo(target().address(two));
        assertThat(get(target().address(one) + "/")).as("it answers at its address").isEqualTo(200);
        assertThat(target().observe(deployment(1, artifact(), DeploymentState.LIVE, one)))
                .extracting(Placement::condition, Placement::address, Placement::target)
                .containsExactly(PlacementCondition.RUNNING, Optional.of(target().address(one)), target().name());
    }

    @Test
    void itReportsTheDigestItRunsSoDriftShows() throws Exception {
        RunningService service = start(startOf(1, artifact()));

        assertThat(target().digest(service)).contains(artifact());
        Placement asExpected = target().observe(deployment(1, artifact(), DeploymentState.LIVE, service));
        Placement other = target().observe(deployment(1, otherArtifact(), DeploymentState.LIVE, service));
        assertThat(asExpected.running()).contains(artifact());
        assertThat(other.condition()).isEqualTo(PlacementCondition.DRIFTED);
    }

    @Test
    void aStoppedServiceIsGoneAndStoppingItAgainDoesNothing() throws Exception {
        RunningService service = start(startOf(1, artifact()));

        target().stop(service);

        await().atMost(Duration.ofSeconds(10)).until(() -> !target().isAlive(service));
        assertThat(target().answersHealth(service, launch().health())).isFalse();
        assertThat(target().observe(deployment(1, artifact(), DeploymentState.LIVE, service)).condition())
                .isEqualTo(PlacementCondition.CRASHED);
        target().stop(service);
    }

    @Test
    void theNextServersTargetAdoptsWhatSurvivedAndCanStopIt() throws Exception {
        RunningService service = start(startOf(1, artifact()));
        DeployTarget next = nextServersTarget();

        assertThat(next.isAlive(service)).isTrue();
        assertThat(next.answersHealth(service, launch().health())).isTrue();
        assertThat(next.digest(service)).contains(artifact());
        assertThat(next.observe(deployment(1, artifact(), DeploymentState.LIVE, service)).condition())
                .isEqualTo(PlacementCondition.RUNNING);

        next.stop(service);

        await().atMost(Duration.ofSeconds(10)).until(() -> !target().isAlive(service));
    }

    @Test
    void aRestartStartsTheSameDeploymentAgainFromWhatItHas() throws Exception {
        RunningService before = start(startOf(1, artifact()));
        target().stop(before);

        RunningService after = nextServersTarget().restart(startOf(1, artifact()), before);
        started.add(after);

        assertThat(target().isAlive(after)).isTrue();
        assertThat(target().answersHealth(after, launch().health())).isTrue();
        assertThat(target().digest(after)).contains(artifact());
    }

    @Test
    void aVersionThatNeverBecomesHealthyFailsAndIsNotLeftRunning() {
        List<RunningService> heard = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> target().start(neverHealthy(1).reporting(heard::add)))
                .isInstanceOf(DeployFailedException.class);

        started.addAll(heard);
        assertThat(heard).allSatisfy(service -> assertThat(target().isAlive(service)).isFalse());
    }

    @Test
    void anAbsentPlacementIsReportedWithoutAskingTheTarget() {
        assertThat(target().observe(deployment(1, artifact(), DeploymentState.QUEUED, null)))
                .extracting(Placement::condition, Placement::address, Placement::running)
                .containsExactly(PlacementCondition.ABSENT, Optional.empty(), Optional.empty());
    }
}
