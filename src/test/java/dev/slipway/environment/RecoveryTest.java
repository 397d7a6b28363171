package dev.slipway.environment;

import static dev.slipway.environment.DeployWorld.APP;
import static dev.slipway.environment.DeployWorld.LAUNCH;
import static dev.slipway.environment.DeployWorld.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.SwapMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery at its own level: one server's deployments, then the next server over the same database and the same
 * target host, brought back to what was promised.
 */
class RecoveryTest {
    private static final Duration KEEP_WARM = Duration.ofMinutes(10);
    private DeployWorld world;

    @BeforeEach
    void aWorld() throws Exception {
        world = new DeployWorld();
    }

    @AfterEach
    void close() throws Exception {
        world.close();
    }

    /** The server stops (its services keep running) and the next one starts and recovers. */
    private void restartServer() {
        world = world.restarted();
        world.recovery().run();
    }

    @Test
    void aLiveServiceThatSurvivedIsAdoptedNotStartedAgain() throws Exception {
        Deployment live = world.push("staging", 1);

        restartServer();

        assertThat(world.target.started).isEmpty();
        assertThat(world.reload(live).service()).isEqualTo(live.service());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
    }

    @Test
    void aLiveServiceThatDiedIsStartedAgainFromItsRecord() throws Exception {
        Deployment live = world.push("staging", 1);
        world.target.crash(live.service());

        restartServer();

        assertThat(world.target.started).singleElement().satisfies(start -> {
            assertThat(start.deployment()).isEqualTo(live.id());
            assertThat(start.digest()).isEqualTo(version(1));
        });
        RunningService now = world.reload(live).service();
        assertThat(now).isNotEqualTo(live.service());
        assertThat(world.target.observe(world.reload(live)).condition()).isEqualTo(PlacementCondition.RUNNING);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
    }

    @Test
    void aGracefulStopStopsLiveServicesWhichTheNextStartBringsBack() throws Exception {
        Deployment live = world.push("staging", 1);
        Deployment other = world.push("production", 1);

        world.recovery().stopLive();

        assertThat(world.target.running()).isZero();
        assertThat(world.reload(live).service()).as("still recorded").isEqualTo(live.service());
        restartServer();
        assertThat(world.target.started).extracting(DeployTarget.Start::deployment)
                .containsExactlyInAnyOrder(live.id(), other.id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
        assertThat(world.serving("production")).isEqualTo("hello/production #" + other.id());
    }

    @Test
    void aDeploymentInterruptedWhileStartingIsErroredStoppedAndDiscarded() throws Exception {
        Deployment live = world.push("staging", 1);
        Deployment interrupted = world.ledger.create(new NewDeployment(APP, "staging", version(2), "2".repeat(40), 2,
                DeploymentTrigger.PUSH, "alice", LAUNCH, Instant.now()));
        world.ledger.move(interrupted, DeploymentState.QUEUED, DeploymentState.DEPLOYING, null);
        RunningService half = world.target.start(new DeployTarget.Start(APP, "staging", interrupted.id(), version(2),
                LAUNCH, Map.of(), Set.of(), line -> { }));
        world.deployments.setService(APP, interrupted.id(), half);

        restartServer();

        Deployment now = world.reload(interrupted);
        assertThat(now.state()).isEqualTo(DeploymentState.ERRORED);
        assertThat(now.reason()).startsWith("Slipway stopped while this deployment was deploying");
        assertThat(now.service()).isNull();
        assertThat(world.target.isAlive(half)).isFalse();
        assertThat(world.target.discarded).containsExactly(APP + "/staging#" + interrupted.id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
    }

    @Test
    void aReadyVersionThatSurvivedKeepsWaitingForItsSwap() throws Exception {
        Deployment live = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);

        restartServer();

        assertThat(world.reload(ready).state()).isEqualTo(DeploymentState.READY);
        assertThat(world.reload(ready).service()).isEqualTo(ready.service());
        assertThat(world.target.isAlive(ready.service())).isTrue();
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
    }

    @Test
    void aWarmVersionIsRetiredAndStoppedItsTimerDidNotSurvive() throws Exception {
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment green = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);
        world.blueGreen.swap(APP, "staging", "bob").join();
        assertThat(world.reload(blue).state()).isEqualTo(DeploymentState.WARM);

        restartServer();

        Deployment warm = world.reload(blue);
        assertThat(warm.state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(warm.reason()).isEqualTo("Slipway restarted while it was kept warm");
        assertThat(warm.service()).isNull();
        assertThat(world.target.isAlive(blue.service())).isFalse();
        assertThat(world.target.started).isEmpty();
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + green.id());
    }

    @Test
    void aReadyVersionWhoseProcessIsGoneIsErrored() {
        world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);
        world.target.crash(ready.service());

        restartServer();

        assertThat(world.reload(ready).state()).isEqualTo(DeploymentState.ERRORED);
        assertThat(world.reload(ready).reason()).startsWith("its process was gone when Slipway restarted");
    }
}
