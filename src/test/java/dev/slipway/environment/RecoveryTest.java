package dev.slipway.environment;

import static dev.slipway.environment.DeployWorld.APP;
import static dev.slipway.environment.DeployWorld.LAUNCH;
import static dev.slipway.environment.DeployWorld.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void stopServicesStopsEveryServiceAndTheNextStartBringsTheLiveOnesBack() throws Exception {
        Deployment live = world.push("staging", 1);
        Deployment blue = world.pushBlueGreen("production", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment green = world.pushBlueGreen("production", 2, SwapMode.MANUAL, KEEP_WARM);
        world.blueGreen.swap(APP, "production", "bob").join();
        Deployment qa = world.pushBlueGreen("qa", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("qa", 2, SwapMode.MANUAL, KEEP_WARM);

        world.recovery().stopServices();

        assertThat(world.target.running()).isZero();
        assertThat(world.reload(live).service()).as("still recorded").isEqualTo(live.service());
        restartServer();
        assertThat(world.target.started).extracting(DeployTarget.Start::deployment)
                .containsExactlyInAnyOrder(live.id(), green.id(), qa.id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
        assertThat(world.serving("production")).isEqualTo("hello/production #" + green.id());
        assertThat(world.reload(blue).state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(world.reload(ready).state()).isEqualTo(DeploymentState.ERRORED);
        assertThat(world.target.discarded).containsExactlyInAnyOrder(APP + "/production#" + blue.id(),
                APP + "/qa#" + ready.id());
    }

    @Test
    void servicesOutliveAStopWithoutStopServicesAndAreAllAdopted() throws Exception {
        Deployment live = world.push("staging", 1);
        Deployment blue = world.pushBlueGreen("production", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment green = world.pushBlueGreen("production", 2, SwapMode.MANUAL, KEEP_WARM);
        world.blueGreen.swap(APP, "production", "bob").join();
        Deployment qa = world.pushBlueGreen("qa", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("qa", 2, SwapMode.MANUAL, KEEP_WARM);

        restartServer();

        assertThat(world.target.started).isEmpty();
        assertThat(world.target.running()).isEqualTo(5);
        for (Deployment d : new Deployment[] {live, green, blue, qa, ready}) {
            assertThat(world.reload(d).service()).as("adopted as it was").isEqualTo(d.service());
            assertThat(world.target.isAlive(d.service())).isTrue();
        }
        assertThat(world.reload(blue).state()).isEqualTo(DeploymentState.WARM);
        assertThat(world.reload(ready).state()).isEqualTo(DeploymentState.READY);
        assertThat(world.serving("production")).isEqualTo("hello/production #" + green.id());
        assertThat(world.blueGreen.swap(APP, "production", "bob").join().id()).as("swapped back").isEqualTo(blue.id());
        assertThat(world.blueGreen.swap(APP, "qa", "bob").join().id()).isEqualTo(ready.id());
        assertThat(world.serving("qa")).isEqualTo("hello/qa #" + ready.id());
        assertThat(world.target.discarded).isEmpty();
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
    void anAdoptedWarmVersionIsRetiredWhenItsKeepWarmEndsCountedFromItsSwap() throws Exception {
        Duration keepWarm = Duration.ofSeconds(2);
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, keepWarm);
        Deployment green = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, keepWarm);
        world.blueGreen.swap(APP, "staging", "bob").join();
        Instant swapped = world.reload(blue).retiredAt();

        restartServer();

        assertThat(world.reload(blue).state()).as("adopted, still warm").isEqualTo(DeploymentState.WARM);
        assertThat(world.target.isAlive(blue.service())).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> world.reload(blue).state() == DeploymentState.RETIRED);
        await().atMost(Duration.ofSeconds(5)).until(() -> !world.target.isAlive(blue.service()));
        Deployment retired = world.reload(blue);
        assertThat(retired.reason()).isEqualTo("kept warm for PT2S");
        assertThat(Instant.now()).isAfterOrEqualTo(swapped.plus(keepWarm));
        await().atMost(Duration.ofSeconds(5)).until(() -> world.target.discarded.contains(APP + "/staging#" + blue.id()));
        assertThat(world.target.started).isEmpty();
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + green.id());
    }

    @Test
    void aWarmVersionWhoseProcessIsGoneIsRetiredAndDiscarded() throws Exception {
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);
        world.blueGreen.swap(APP, "staging", "bob").join();
        world.target.crash(blue.service());

        restartServer();

        Deployment warm = world.reload(blue);
        assertThat(warm.state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(warm.reason()).startsWith("its process was gone when Slipway restarted");
        assertThat(warm.service()).isNull();
        assertThat(world.target.discarded).containsExactly(APP + "/staging#" + blue.id());
    }

    @Test
    void aReplacedVersionWhoseProcessSurvivedIsStoppedAndDiscarded() throws Exception {
        Deployment first = world.push("staging", 1);
        world.push("staging", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.target.discarded.contains(APP + "/staging#" + first.id()));
        // as if the server crashed after the second went live, before the first was stopped
        world.deployments.setService(APP, first.id(), world.target.start(new DeployTarget.Start(APP, "staging",
                first.id(), version(1), LAUNCH, Map.of(), Set.of(), line -> { })));
        RunningService leftOver = world.reload(first).service();
        world.target.discarded.clear();

        restartServer();

        assertThat(world.target.isAlive(leftOver)).isFalse();
        assertThat(world.reload(first).service()).isNull();
        assertThat(world.target.discarded).containsExactly(APP + "/staging#" + first.id());
    }

    @Test
    void aReadyVersionWhoseProcessIsGoneIsErrored() {
        world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);
        world.target.crash(ready.service());

        restartServer();

        assertThat(world.reload(ready).state()).isEqualTo(DeploymentState.ERRORED);
        assertThat(world.reload(ready).reason()).startsWith("its process was gone when Slipway restarted");
        assertThat(world.target.discarded).contains(APP + "/staging#" + ready.id());
    }
}
