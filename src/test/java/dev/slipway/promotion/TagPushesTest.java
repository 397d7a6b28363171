package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineTexts;
import dev.slipway.pipeline.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tag promotes its commit to every environment whose `tags` match it, to all of them or to none. */
class TagPushesTest {
    @TempDir
    Path dir;
    PromotionWorld world;
    TagPushes tagPushes;
    Principal rita;

    @BeforeEach
    void setUp() {
        world = new PromotionWorld(dir, new TestClock(T0));
        tagPushes = new TagPushes(world.promotions, new PipelineFiles(new PipelineTexts(
                commit -> world.pipelines.getOrDefault(commit, PromotionWorld.PIPELINE))));
        rita = world.user("rita", Role.RELEASER);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void aTagPromotesItsCommitToTheEnvironmentsThatTakeIt() {
        Run run = world.built(commit("v1"), "rita");
        world.pushDeploy("staging", run);

        TagPushes.Answer answer = tagPushes.pushed(rita, APP, "v1.0", run.commit());

        assertThat(answer).isInstanceOfSatisfying(TagPushes.Answer.Promoted.class, p -> {
            assertThat(p.promotions()).hasSize(1);
            Promotion promotion = p.promotions().get(0).promotion();
            assertThat(promotion.environment()).isEqualTo("production");
            assertThat(promotion.source()).isEqualTo(PromotionSource.TAG);
            assertThat(promotion.digest()).isEqualTo(run.artifact());
        });
    }

    @Test
    void aTagNoEnvironmentTakesPromotesNothingAndAnInvalidFileRefusesIt() {
        Run run = world.built(commit("v1"), "rita");
        world.pushDeploy("staging", run);
        assertThat(tagPushes.pushed(rita, APP, "nightly", run.commit())).isInstanceOf(TagPushes.Answer.NoEnvironment.class);

        Run broken = world.built(commit("broken"), "rita");
        world.pipelines.put(broken.commit(), "stages: [ oops");
        assertThat(tagPushes.pushed(rita, APP, "v2", broken.commit()))
                .isInstanceOfSatisfying(TagPushes.Answer.InvalidFile.class, f -> assertThat(f.problem()).isNotBlank());
        assertThat(world.promotions.list(APP, 10)).isEmpty();
    }

    @Test
    void whenOneEnvironmentRefusesNoneIsPromoted() {
        Run run = world.built(commit("v1"), "rita");
        world.pipelines.put(run.commit(), PromotionWorld.PIPELINE.replace("    soak: 2s\n", "    soak: 2s\n    tags: [ \"v*\" ]\n"));
        world.pushDeploy("staging", run);
        Principal dana = world.user("dana", Role.DEPLOYER); // enough for qa, not for protected production

        TagPushes.Answer answer = tagPushes.pushed(dana, APP, "v1.0", run.commit());

        assertThat(answer).isInstanceOfSatisfying(TagPushes.Answer.Refused.class, r -> {
            assertThat(r.refusals()).extracting(TagPushes.Refusal::environment).containsExactly("production");
            assertThat(r.refusals().get(0).reason()).contains("dana").contains("releaser");
        });
        assertThat(world.promotions.list(APP, 10)).as("qa would have taken it alone, but not without production")
                .isEmpty();
    }
}
