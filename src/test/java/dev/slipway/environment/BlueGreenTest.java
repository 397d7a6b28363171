package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.Problem;
import dev.slipway.pipeline.SwapMode;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blue/green at its own level: a READY version waits in the idle slot, swaps move traffic, WARM ones cool down. */
class BlueGreenTest {
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

    private Deployment swap() {
        return world.blueGreen.swap(DeployWorld.APP, "staging", "bob").join();
    }

    @Test
    void aNewVersionWaitsReadyInTheIdleSlotAndSwapsBackAndForth() throws Exception {
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment green = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);

        assertThat(blue.state()).as("nothing was live: it goes live at once").isEqualTo(DeploymentState.LIVE);
        assertThat(blue.slotName()).contains("blue");
        assertThat(green.state()).isEqualTo(DeploymentState.READY);
        assertThat(green.slotName()).contains("green");
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + blue.id());

        assertThat(swap().id()).isEqualTo(green.id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + green.id());
        assertThat(world.reload(blue).state()).isEqualTo(DeploymentState.WARM);
        assertThat(world.target.isAlive(blue.service())).as("kept warm").isTrue();

        assertThat(swap().id()).as("back to the WARM one").isEqualTo(blue.id());
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + blue.id());
        assertThat(world.reload(green).state()).isEqualTo(DeploymentState.WARM);
    }

    @Test
    void whileTheNextVersionStartsTheStatusSaysLiveAndShowsItStartingInTheIdleSlot() throws Exception {
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        java.util.concurrent.CountDownLatch held = world.target.holdStarts();
        java.util.concurrent.CompletableFuture<Deployment> next = world.pushingBlueGreen("staging", 2, SwapMode.MANUAL,
                KEEP_WARM);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> world.status("staging").idle().isPresent());
        EnvironmentStatus starting = world.status("staging");
        assertThat(starting.state()).as("the live version serves on").isEqualTo("LIVE");
        assertThat(starting.live().orElseThrow().id()).isEqualTo(blue.id());
        assertThat(starting.idle().orElseThrow().state()).isEqualTo(DeploymentState.DEPLOYING);
        assertThat(starting.idle().orElseThrow().slot()).isEqualTo("green");
        assertThat(starting.previewUrl()).as("not ready to be tried yet").isEmpty();
        assertThat(starting.swappable()).as("nothing to swap to yet").isFalse();

        held.countDown();
        Deployment green = next.join();
        EnvironmentStatus ready = world.status("staging");
        assertThat(ready.state()).isEqualTo("LIVE");
        assertThat(ready.idle().orElseThrow().id()).isEqualTo(green.id());
        assertThat(ready.idle().orElseThrow().state()).isEqualTo(DeploymentState.READY);
        assertThat(ready.previewUrl()).isPresent();
        assertThat(ready.swappable()).isTrue();
    }

    @Test
    void aNewerReadyVersionCancelsTheOneWaitingBeforeIt() {
        world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment older = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);

        Deployment newer = world.pushBlueGreen("staging", 3, SwapMode.MANUAL, KEEP_WARM);

        assertThat(newer.state()).isEqualTo(DeploymentState.READY);
        assertThat(world.reload(older).state()).isEqualTo(DeploymentState.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !world.target.isAlive(older.service()));
    }

    @Test
    void anAutomaticSwapGoesLiveAndTheVersionSwappedAwayStopsAfterKeepWarm() throws Exception {
        Deployment first = world.pushBlueGreen("staging", 1, SwapMode.AUTO, Duration.ofMillis(300));
        Deployment second = world.pushBlueGreen("staging", 2, SwapMode.AUTO, Duration.ofMillis(300));

        assertThat(second.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + second.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> world.reload(first).state() == DeploymentState.RETIRED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !world.target.isAlive(first.service()));
        assertThat(world.reload(first).reason()).isEqualTo("kept warm for PT0.3S");
    }

    @Test
    void aSwapToAVersionWhoseProcessIsGoneIsRefusedAndTrafficStays() throws Exception {
        Deployment live = world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);
        world.target.crash(ready.service());

        assertThatThrownBy(this::swap).isInstanceOf(CompletionException.class).cause().isInstanceOf(Problem.class)
                .hasMessageContaining("is not running any more, so traffic stays where it is");
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + live.id());
    }

    @Test
    void aSwapIsAnnouncedAsTheNewLiveDeployment() {
        java.util.List<Deployment> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        world.pushBlueGreen("staging", 1, SwapMode.MANUAL, KEEP_WARM);
        Deployment ready = world.pushBlueGreen("staging", 2, SwapMode.MANUAL, KEEP_WARM);
        world.deployer.onFinished(heard::add);

        swap();

        assertThat(heard).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(ready.id());
            assertThat(d.state()).isEqualTo(DeploymentState.LIVE);
        });
    }
}
