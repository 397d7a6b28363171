package dev.slipway.promotion;

import static dev.slipway.promotion.PromotionWorld.APP;
import static dev.slipway.promotion.PromotionWorld.T0;
import static dev.slipway.promotion.PromotionWorld.commit;
import static dev.slipway.promotion.PromotionWorld.digestOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.Release;
import dev.slipway.environment.Rollout;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageTag;
import dev.slipway.image.OciMediaTypes;
import dev.slipway.image.ServerTags;
import dev.slipway.image.StoredManifest;
import dev.slipway.pipeline.BranchPatterns;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.ServiceSpec;
import dev.slipway.pipeline.Strategy;
import dev.slipway.pipeline.SwapMode;
import dev.slipway.store.SqlImageRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code env-<ENV>} follows the image that is live, however it got there (a push, a rollback, a blue/green swap, not
 * while it waits READY), on the real image repository; an artifact that is not an image gets no tag.
 */
class ReleaseTagsTest {
    @TempDir
    Path dir;
    PromotionWorld world;
    SqlImageRepository images;

    @BeforeEach
    void setUp() {
        world = new PromotionWorld(dir, new TestClock(T0));
        images = new SqlImageRepository(world.db);
        world.deployer.onFinished(new ReleaseTags(images, new ServerTags(images, world.db, world.audit, world.clock),
                world.promotionRepository)::deploymentFinished);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void envTagFollowsPushesAndARollback() {
        Run one = image(world.built(commit("one"), "alice"));
        Run two = image(world.built(commit("two"), "alice"));
        Deployment first = world.pushDeploy("staging", one);
        assertThat(envTag("staging")).contains(one.artifact());

        world.pushDeploy("staging", two);
        assertThat(envTag("staging")).contains(two.artifact());

        Deployment back = world.deployer.deploy(DeployOrder.rollback(world.environments.find(APP, "staging")
                .orElseThrow(), first, "rita", Rollout.RECREATE)).join();
        assertThat(back.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(envTag("staging")).contains(one.artifact());
        assertThat(world.auditActions().stream().filter("image.tagged"::equals)).hasSize(3);
    }

    @Test
    void aBlueGreenImageIsTaggedWhenItIsSwappedInNotWhileItWaitsReady() {
        Run one = image(world.built(commit("one"), "alice"));
        Run two = image(world.built(commit("two"), "alice"));
        assertThat(blueGreen(one).state()).isEqualTo(DeploymentState.LIVE);
        assertThat(envTag("staging")).contains(one.artifact());

        assertThat(blueGreen(two).state()).isEqualTo(DeploymentState.READY);
        assertThat(envTag("staging")).contains(one.artifact());

        world.deployer.swap(APP, "staging", "rita").join();
        assertThat(envTag("staging")).contains(two.artifact());
    }

    @Test
    void anArtifactThatIsNotAnImageGetsNoTag() {
        Deployment d = world.pushDeploy("staging", world.built(commit("tar"), "alice"));
        assertThat(d.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(images.tags(APP)).isEmpty();
    }

    @Test
    void aPerBranchEnvironmentsTagHasNoSlash() {
        assertThat(ReleaseTags.envTag("review/feature-x")).isEqualTo("env-review-feature-x");
    }

    private Deployment blueGreen(Run run) {
        EnvironmentSpec spec = new EnvironmentSpec("staging", BranchPatterns.of(List.of("main")), List.of(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Strategy.BLUEGREEN,
                SwapMode.MANUAL, Optional.of(Duration.ofMinutes(5)), Optional.empty(), List.of(), Map.of(), List.of());
        return world.deployer.deploy(DeployOrder.push(APP, "staging", spec, "main", new Release(run.artifact(),
                run.commit(), run.number()), "alice", new ServiceSpec("./serve", "/healthz", Duration.ofSeconds(5))))
                .join();
    }

    /** Records the run's artifact as an image manifest of the app's repository. */
    private Run image(Run run) {
        Digest digest = digestOf(run.commit());
        images.recordManifest(new StoredManifest(APP, APP, digest, OciMediaTypes.OCI_MANIFEST, 300, 1006,
                Optional.of(Digest.ofBytes("config".getBytes())), List.of(new Descriptor(OciMediaTypes.OCI_LAYER,
                Digest.ofBytes("layer".getBytes()), 1000)), List.of(), OptionalLong.of(run.number()), "alice", T0));
        return run;
    }

    private Optional<Digest> envTag(String environment) {
        return images.findTag(APP, "env-" + environment).map(ImageTag::digest);
    }
}
