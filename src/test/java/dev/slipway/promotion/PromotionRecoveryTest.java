package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Soak timers in real time, and what a restarted server does with the promotions it finds. */
class PromotionRecoveryTest {
    @TempDir
    Path dir;
    PromotionWorld world;
    Principal dave;

    @BeforeEach
    void setUp() {
        world = new PromotionWorld(dir, Clock.systemUTC());
        world.user("alice", Role.RELEASER);
        dave = world.user("dave", Role.DEPLOYER);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Run liveInStagingWithSoak(String seed, String soak) {
        Run run = world.built(commit(seed), "alice");
        world.pipelines.put(run.commit(), PromotionWorld.PIPELINE.replace("soak: 2s", "soak: " + soak));
        world.pushDeploy("staging", run);
        return run;
    }

    private Promotion awaitState(long id, PromotionState state) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> world.promotion(id), p -> p.state() == state);
    }

    @Test
    void aSoakIsATimerThatAdmitsThePromotionWhenItEnds() {
        Run run = liveInStagingWithSoak("v1", "400ms");
        Instant wentLive = world.live("staging").orElseThrow().liveSince().orElseThrow();
        PromotionDetail requested = world.promotions.request(
                PromotionRequest.ofCommit(APP, "qa", run.commit(), PromotionSource.CLI, dave));
        assertThat(requested.promotion().state()).isEqualTo(PromotionState.PENDING);
        assertThat(requested.gates().get(1).retryAt()).contains(wentLive.plusMillis(400));

        awaitState(requested.promotion().id(), PromotionState.SUCCEEDED);
        Deployment qa = world.live("qa").orElseThrow();
        assertThat(qa.digest()).isEqualTo(run.artifact());
        assertThat(qa.createdAt()).isAfterOrEqualTo(wentLive.plusMillis(400));
    }

    @Test
    void aSoakSurvivesARestart() {
        Run run = liveInStagingWithSoak("v1", "1s");
        long id = world.promotions.request(PromotionRequest.ofCommit(APP, "qa", run.commit(), PromotionSource.CLI, dave))
                .promotion().id();
        world.restart(); // the first timer dies with its executor; recover() arms a new one from the records
        assertThat(world.promotion(id).state()).isEqualTo(PromotionState.PENDING);
        awaitState(id, PromotionState.SUCCEEDED);
    }

    @Test
    void anAdmittedPromotionIsDeployedAfterARestart() {
        Run run = liveInStagingWithSoak("v1", "1ms");
        Promotion p = world.promotionRepository.create(new NewPromotion(APP, "qa", run.artifact(), run.commit(),
                run.number(), PromotionSource.CLI, "dave", "alice", Instant.now()));
        world.promotionRepository.move(APP, p.id(), PromotionState.PENDING, PromotionState.APPROVED, Instant.now(), null);
        world.restart();
        Promotion done = awaitState(p.id(), PromotionState.SUCCEEDED);
        assertThat(world.live("qa").orElseThrow().id()).isEqualTo(done.deployment());
    }

    @Test
    void aDeployingPromotionSettlesFromItsDeploymentOrErrorsWithoutOne() {
        Run run = liveInStagingWithSoak("v1", "1ms");
        Deployment staging = world.live("staging").orElseThrow();
        Promotion settled = deploying(run);
        world.promotionRepository.setDeployment(APP, settled.id(), staging.id());
        Promotion lost = deploying(run);

        world.restart();
        assertThat(world.promotion(settled.id()).state()).isEqualTo(PromotionState.SUCCEEDED);
        Promotion errored = world.promotion(lost.id());
        assertThat(errored.state()).isEqualTo(PromotionState.ERRORED);
        assertThat(errored.reason()).contains("Slipway stopped before this promotion's deployment was queued");
    }

    private Promotion deploying(Run run) {
        Promotion p = world.promotionRepository.create(new NewPromotion(APP, "qa", run.artifact(), run.commit(),
                run.number(), PromotionSource.CLI, "dave", "alice", Instant.now()));
        world.promotionRepository.move(APP, p.id(), PromotionState.PENDING, PromotionState.APPROVED, Instant.now(), null);
        world.promotionRepository.move(APP, p.id(), PromotionState.APPROVED, PromotionState.DEPLOYING, Instant.now(), null);
        return p;
    }
}
