package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.Launch;
import dev.slipway.environment.Release;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each env/ENV ref must name, read from the records: the live commit, or a pushed promotion on its way. */
class EnvRefsTest {
    @TempDir
    Path dir;
    PromotionWorld world;
    EnvRefs refs;
    Principal alice;
    Principal bob;

    @BeforeEach
    void setUp() {
        world = new PromotionWorld(dir, new TestClock(T0));
        refs = new EnvRefs(world.environments, world.deployments, world.promotionRepository);
        alice = world.user("alice", Role.RELEASER);
        bob = world.user("bob", Role.RELEASER);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void anEnvironmentThatNeverRanAnythingHasNoRefAndOneThatRunsNamesItsLiveCommit() {
        assertThat(refs.of(APP)).isEmpty();
        Run v1 = world.built(commit("v1"), "alice");
        world.pushDeploy("staging", v1);

        assertThat(refs.of(APP)).isEqualTo(Map.of("staging", Optional.of(v1.commit())));
    }

    @Test
    void aPushedPromotionOnItsWayNamesItsCommitUntilItEndsWithoutGoingLive() {
        Run v1 = world.built(commit("v1"), "alice");
        world.pushDeploy("staging", v1);
        PromotionDetail pushed = world.promotions.request(
                PromotionRequest.ofCommit(APP, "production", v1.commit(), PromotionSource.PUSH, alice));
        assertThat(pushed.promotion().state()).isEqualTo(PromotionState.PENDING);
        assertThat(refs.of(APP)).containsEntry("production", Optional.of(v1.commit()));

        world.promotions.reject(bob, APP, pushed.promotion().id(), "not today");

        assertThat(refs.of(APP)).as("nothing runs in production: no ref").doesNotContainKey("production");
    }

    @Test
    void aPromotionNotRequestedByAPushLeavesTheRefOnWhatRuns() {
        Run v1 = world.built(commit("v1"), "alice");
        world.pushDeploy("staging", v1);
        world.pushDeploy("production", v1);
        Run v2 = world.built(commit("v2"), "alice");
        world.pushDeploy("staging", v2);

        world.promotions.request(PromotionRequest.ofCommit(APP, "production", v2.commit(), PromotionSource.CLI, alice));

        assertThat(refs.of(APP)).containsEntry("production", Optional.of(v1.commit()));
    }

    @Test
    void aPerBranchEnvironmentHasNoRef() {
        Run feature = world.run(commit("feature"), "alice", dev.slipway.pipeline.RunState.SUCCEEDED, null);
        world.deployer.deploy(DeployOrder.push(APP, "dev-feature", new Release(feature.artifact(), feature.commit(),
                feature.number()), "alice", new Launch("./serve", "/healthz", Duration.ofSeconds(30), Map.of()))
                .forBranch("dev", "feature", null)).join();

        assertThat(refs.of(APP)).doesNotContainKey("dev-feature");
    }
}
