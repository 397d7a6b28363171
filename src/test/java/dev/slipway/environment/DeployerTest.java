package dev.slipway.environment;

import static dev.slipway.environment.DeployWorld.APP;
import static dev.slipway.environment.DeployWorld.LAUNCH;
import static dev.slipway.environment.DeployWorld.release;
import static dev.slipway.environment.DeployWorld.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deployer at its own level: real repositories and router, the in-memory target. */
class DeployerTest {
    private DeployWorld world;

    @BeforeEach
    void aWorld() throws Exception {
        world = new DeployWorld();
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    @Test
    void aPushGoesLiveAndTheEnvironmentServesIt() throws Exception {
        Deployment d = world.push("staging", 1);

        assertThat(d.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + d.id());
        assertThat(world.target.observe(d).condition()).isEqualTo(PlacementCondition.RUNNING);
        assertThat(world.target.started).singleElement().satisfies(start -> assertThat(start.env())
                .containsEntry("SLIPWAY_DIGEST", version(1).toString()).containsEntry("SLIPWAY_APP", APP)
                .containsEntry("SLIPWAY_URL", world.router.url(world.environment("staging").port())));
    }

    @Test
    void aNewVersionReplacesTheLiveOneWhichIsRetiredStoppedAndDiscarded() throws Exception {
        Deployment first = world.push("staging", 1);
        Deployment second = world.push("staging", 2);

        assertThat(second.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + second.id());
        assertThat(world.reload(first).state()).isEqualTo(DeploymentState.RETIRED);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.reload(first).service() == null);
        assertThat(world.target.isAlive(first.service())).isFalse();
        assertThat(world.target.discarded).containsExactly(APP + "/staging#" + first.id());
        assertThat(world.target.running()).isEqualTo(1);
    }

    @Test
    void aVersionThatDoesNotStartFailsNothingOfItRunsAndTrafficStays() throws Exception {
        Deployment first = world.push("staging", 1);
        world.target.failing(version(2));

        Deployment failed = world.push("staging", 2);

        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.reason()).contains("exited with code 3 before it was healthy");
        assertThat(failed.service()).as("recorded while starting, cleared once it failed").isNull();
        assertThat(world.reload(first).state()).isEqualTo(DeploymentState.LIVE);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + first.id());
        assertThat(world.target.running()).isEqualTo(1);
    }

    @Test
    void deploymentsOfOneEnvironmentRunOneAtATimeInTheOrderQueued() throws Exception {
        List<CompletableFuture<Deployment>> queued = IntStream.rangeClosed(1, 4)
                .mapToObj(n -> world.deployer.deploy(DeployOrder.push(APP, "staging", release(n), "alice", LAUNCH)))
                .toList();
        List<Deployment> done = queued.stream().map(CompletableFuture::join).toList();

        assertThat(done).extracting(Deployment::digest).containsExactly(version(1), version(2), version(3), version(4));
        assertThat(done.subList(0, 3)).allSatisfy(d -> assertThat(world.reload(d).state()).isEqualTo(DeploymentState.RETIRED));
        assertThat(world.live("staging")).map(Deployment::id).contains(done.get(3).id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + done.get(3).id());
        await().atMost(Duration.ofSeconds(10)).until(() -> world.target.running() == 1);
    }

    @Test
    void everyFinishedDeploymentIsAnnouncedWhateverItsOutcome() {
        List<Deployment> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        world.deployer.onFinished(heard::add);
        world.target.failing(version(2));

        world.push("staging", 1);
        world.push("staging", 2);

        assertThat(heard).extracting(Deployment::state).containsExactly(DeploymentState.LIVE, DeploymentState.FAILED);
    }
}
