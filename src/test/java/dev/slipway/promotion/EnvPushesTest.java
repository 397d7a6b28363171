package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push to env/ENV is a rollback when its artifact went live there before, a promotion otherwise. */
class EnvPushesTest {
    @TempDir
    Path dir;
    PromotionWorld world;
    EnvPushes envPushes;
    Principal rita;
    Principal devon;

    @BeforeEach
    void setUp() {
        world = new PromotionWorld(dir, new TestClock(T0));
        envPushes = new EnvPushes(world.promotions, world.rollbacks, world.runs);
        rita = world.user("rita", Role.RELEASER);
        devon = world.user("devon", Role.DEVELOPER);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aCommitWhoseArtifactWentLiveThereBeforeRollsBackToThatDeployment() {
        Run v1 = world.built(commit("v1"), "rita");
        Deployment first = world.pushDeploy("staging", v1);
        world.pushDeploy("staging", world.built(commit("v2"), "rita"));

        EnvPushes.Answer answer = envPushes.pushed(rita, APP, "staging", v1.commit());

        assertThat(answer).isInstanceOfSatisfying(EnvPushes.Answer.RolledBack.class, r -> {
            assertThat(r.digest()).isEqualTo(v1.artifact());
            assertThat(r.earlier().id()).isEqualTo(first.id());
            assertThat(r.queued().trigger()).isEqualTo(DeploymentTrigger.ROLLBACK);
            assertThat(r.queued().actor()).isEqualTo("rita");
        });
        assertThat(world.promotions.list(APP, 10)).as("a rollback is no promotion").isEmpty();
    }

    @Test
    void aRollbackTheRoleRuleRefusesIsARollbackRefusalNotAPromotion() {
        Run v1 = world.built(commit("v1"), "rita");
        world.pushDeploy("production", v1);
        world.pushDeploy("production", world.built(commit("v2"), "rita"));

        EnvPushes.Answer answer = envPushes.pushed(devon, APP, "production", v1.commit());

        assertThat(answer).isInstanceOfSatisfying(EnvPushes.Answer.RollbackRefused.class,
                r -> assertThat(r.reason()).contains("devon"));
        assertThat(world.promotions.list(APP, 10)).isEmpty();
    }

    @Test
    void aCommitNotLiveThereBeforeIsPromotedAndOneWithoutAnArtifactIsRefused() {
        Run built = world.built(commit("v1"), "rita");

        EnvPushes.Answer promoted = envPushes.pushed(rita, APP, "staging", built.commit());
        assertThat(promoted).isInstanceOfSatisfying(EnvPushes.Answer.Promoted.class, p -> {
            assertThat(p.promotion().promotion().environment()).isEqualTo("staging");
            assertThat(p.promotion().promotion().source()).isEqualTo(PromotionSource.PUSH);
            assertThat(p.promotion().promotion().digest()).isEqualTo(built.artifact());
        });

        EnvPushes.Answer refused = envPushes.pushed(rita, APP, "staging", commit("never built"));
        assertThat(refused).isInstanceOfSatisfying(EnvPushes.Answer.PromotionRefused.class,
                r -> assertThat(r.reason()).isNotBlank());
    }
}
