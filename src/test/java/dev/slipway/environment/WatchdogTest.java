package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.audit.AuditEntry;
import dev.slipway.pipeline.SwapMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch at its own level: health probed through the target, rollbacks carried out by the real deployer. */
class WatchdogTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private DeployWorld world;

    @BeforeEach
    void aWorld() throws Exception {
        world = new DeployWorld();
    }

    @AfterEach
    void close() throws Exception {
        timer.shutdownNow();
        world.close();
    }

    /** From now on, every deployment that goes live is watched for {@code window}. */
    private void watchFor(Duration window) {
        world.deployer.onFinished(new Watchdog(world.deployments, world.ledger, world.deployer,
                new TargetHealth(world.target),
                d -> Optional.of(window), timer)::deploymentFinished);
    }

    private List<AuditEntry> autoRollbacks() {
        return world.audit.list(DeployWorld.APP, 0, 1000).stream()
                .filter(e -> e.action().equals("deployment.auto_rollback")).toList();
    }

    @Test
    void threeFailedProbesInTheWindowPutThePreviousVersionBack() throws Exception {
        Deployment first = world.push("staging", 1);
        watchFor(Duration.ofMinutes(1));
        Deployment failing = world.push("staging", 2);

        world.target.healthy(failing.service(), false);

        Deployment back = await().atMost(WAIT).until(() -> world.live("staging").orElseThrow(),
                live -> live.id() != failing.id());
        assertThat(back.digest()).isEqualTo(first.digest());
        assertThat(back.trigger()).isEqualTo(DeploymentTrigger.ROLLBACK);
        assertThat(back.actor()).isEqualTo(Watchdog.WATCH_ACTOR);
        assertThat(world.reload(failing).state()).isEqualTo(DeploymentState.RETIRED);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + back.id());
        assertThat(autoRollbacks()).singleElement().satisfies(e -> assertThat(e.after())
                .startsWith("putting back deployment #" + first.id()));
    }

    @Test
    void aVersionHealthyThroughItsWindowIsLeftAloneAfterwardsEvenIfItFails() {
        world.push("staging", 1);
        watchFor(Duration.ofMillis(600));
        Deployment second = world.push("staging", 2);

        await().during(Duration.ofMillis(1000)).atMost(WAIT)
                .until(() -> world.live("staging").map(Deployment::id).orElse(0L) == second.id());
        world.target.healthy(second.service(), false);

        await().during(Duration.ofMillis(1500)).atMost(WAIT)
                .until(() -> world.live("staging").map(Deployment::id).orElse(0L) == second.id());
        assertThat(autoRollbacks()).isEmpty();
    }

    @Test
    void withNothingEarlierToPutBackTheFailureIsRecordedAndTheVersionStays() {
        watchFor(Duration.ofMinutes(1));
        Deployment only = world.push("staging", 1);

        world.target.healthy(only.service(), false);

        await().atMost(WAIT).until(() -> !autoRollbacks().isEmpty());
        assertThat(autoRollbacks()).singleElement().satisfies(e -> assertThat(e.after())
                .startsWith("nothing earlier to put back"));
        assertThat(world.reload(only).state()).isEqualTo(DeploymentState.LIVE);
    }

    @Test
    void blueGreenSwapsStraightBackToTheWarmVersion() throws Exception {
        Deployment blue = world.pushBlueGreen("staging", 1, SwapMode.AUTO, Duration.ofMinutes(10));
        watchFor(Duration.ofMinutes(1));
        Deployment green = world.pushBlueGreen("staging", 2, SwapMode.AUTO, Duration.ofMinutes(10));

        world.target.healthy(green.service(), false);

        await().atMost(WAIT).until(() -> world.live("staging").map(Deployment::id).orElse(0L) == blue.id());
        assertThat(world.reload(green).state()).isEqualTo(DeploymentState.WARM);
        assertThat(world.serving("staging")).isEqualTo("hello/staging #" + blue.id());
        assertThat(world.target.started).as("nothing started again: the warm one took over").hasSize(2);
    }
}
