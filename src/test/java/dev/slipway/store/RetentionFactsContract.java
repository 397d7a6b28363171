package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.Digest;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.environment.Launch;
import dev.slipway.environment.NewDeployment;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageTag;
import dev.slipway.image.OciMediaTypes;
import dev.slipway.image.StoredManifest;
import dev.slipway.image.TagOwner;
import dev.slipway.pipeline.NewRun;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.promotion.NewPromotion;
import dev.slipway.promotion.PromotionSource;
import dev.slipway.retention.RetentionFacts;
import dev.slipway.retention.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retention rules, each read from real records, on every database: what is kept for its own sake, and what not. */
abstract class RetentionFactsContract extends DatabaseFixture {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final Instant OLD = NOW.minus(Duration.ofDays(30));
    static final RetentionPolicy POLICY = new RetentionPolicy(2, Duration.ofDays(14));

    private SqlRetentionFacts facts;
    private SqlEnvironmentRepository environments;
    private SqlDeploymentRepository deployments;
    private SqlRunRepository runs;
    private SqlArtifactRepository artifacts;
    private SqlImageRepository images;
    private final AtomicInteger ports = new AtomicInteger(21000);

    @BeforeEach
    void records() {
        new SqlAppRepository(db).create(new App("web", OLD), () -> { });
        facts = new SqlRetentionFacts(db);
        environments = new SqlEnvironmentRepository(db);
        deployments = new SqlDeploymentRepository(db);
        runs = new SqlRunRepository(db);
        artifacts = new SqlArtifactRepository(db);
        images = new SqlImageRepository(db);
        environments.ensure("web", "staging", "staging", null, ports::incrementAndGet, OLD);
        environments.ensure("web", "dev-feature", "dev", "feature", ports::incrementAndGet, OLD);
    }

    static Digest d(String name) {
        return Digest.ofBytes(name.getBytes());
    }

    @Test
    void whatWasLiveOutsidePerBranchEnvironmentsIsKeptForGood() {
        deployed("staging", d("retired-in-staging"), DeploymentState.RETIRED);
        deployed("dev-feature", d("retired-in-dev"), DeploymentState.RETIRED);
        deployed("dev-gone", d("retired-in-a-torn-down-env"), DeploymentState.RETIRED);
        deployed("staging", d("failed-in-staging"), DeploymentState.FAILED);

        assertKeptExactly(d("retired-in-staging"));
    }

    @Test
    void whatIsDeployedNowIsKeptWhereverItRuns() {
        deployed("dev-feature", d("live-in-dev"), DeploymentState.LIVE);
        deployed("dev-feature", d("queued-in-dev"), DeploymentState.QUEUED);
        deployed("dev-feature", d("deploying-in-dev"), DeploymentState.DEPLOYING);
        deployed("dev-feature", d("cancelled-in-dev"), DeploymentState.CANCELLED);

        assertKeptExactly(d("live-in-dev"), d("queued-in-dev"), d("deploying-in-dev"));
    }

    @Test
    void theNewestRunsOfEachBranchKeepTheirArtifactsAndUnfinishedRunsTheirs() {
        for (int i = 1; i <= 3; i++) {
            run("main", d("main-" + i), RunState.SUCCEEDED);
        }
        run("feature", d("feature-1"), RunState.SUCCEEDED);
        run("feature", d("feature-2"), RunState.FAILED);
        run("other", d("other-running"), RunState.RUNNING);
        for (int i = 1; i <= 3; i++) {
            run("other", d("other-" + i), RunState.SUCCEEDED);
        }

        assertKeptExactly(d("main-2"), d("main-3"), d("feature-1"), d("feature-2"), d("other-running"),
                d("other-2"), d("other-3"));
    }

    @Test
    void tagsKeepTheirImagesExceptCommitTagsWhichFollowTheirImage() {
        images.setTag(new ImageTag("web", "latest", d("user-tagged"), TagOwner.USER, OLD));
        images.setTag(new ImageTag("web", "branch-main", d("branch-tagged"), TagOwner.SERVER, OLD));
        images.setTag(new ImageTag("web", "commit-" + "a".repeat(40), d("commit-tagged"), TagOwner.SERVER, OLD));
        images.setTag(new ImageTag("web", "commit-made-by-a-user", d("user-commit-tag"), TagOwner.USER, OLD));

        assertKeptExactly(d("user-tagged"), d("branch-tagged"), d("user-commit-tag"));
    }

    @Test
    void promotionsUnderWayKeepTheirDigest() {
        new SqlPromotionRepository(db).create(new NewPromotion("web", "production", d("pending"), "c".repeat(40), 1,
                PromotionSource.CLI, "alice", "alice", OLD));

        assertKeptExactly(d("pending"));
    }

    @Test
    void anythingRecordedWithinTheKeepAgeIsKept() {
        artifacts.record(artifact(d("old-artifact"), OLD));
        artifacts.record(artifact(d("young-artifact"), NOW.minus(Duration.ofDays(13))));
        images.recordManifest(manifest("web", d("old-manifest"), d("layer"), OLD));
        images.recordManifest(manifest("web", d("young-manifest"), d("layer"), NOW.minusSeconds(60)));

        assertKeptExactly(d("young-artifact"), d("young-manifest"));
    }

    @Test
    void aReferrerIsNeededExactlyWhileItsSubjectIs() {
        images.recordManifest(manifest("web", d("image"), d("layer"), OLD));
        StoredManifest plain = manifest("web", d("sbom-manifest"), d("sbom"), OLD);
        images.recordManifest(new StoredManifest(plain.repository(), plain.app(), plain.digest(), plain.mediaType(),
                plain.size(), plain.imageSize(), plain.config(), plain.layers(), plain.children(), plain.run(),
                plain.pushedBy(), plain.createdAt(), Optional.of(d("image")),
                Optional.of("application/vnd.cyclonedx+json"), java.util.Map.of()));

        assertThat(facts.needed(d("sbom-manifest"), POLICY, NOW)).as("its image is not needed").isFalse();
        images.setTag(new dev.slipway.image.ImageTag("web", "latest", d("image"), dev.slipway.image.TagOwner.USER, OLD));
        assertThat(facts.needed(d("sbom-manifest"), POLICY, NOW)).as("its image is tagged").isTrue();
        assertThat(facts.needed(d("sbom"), POLICY, NOW)).as("its layer, through the manifest").isTrue();
    }

    @Test
    void aBlobAnotherManifestReferencesIsNeededButNotForItsOwnSake() {
        images.recordManifest(manifest("web", d("manifest"), d("shared-layer"), OLD));

        assertThat(facts.needed(d("shared-layer"), POLICY, NOW)).isTrue();
        assertThat(facts.needed(d("manifest"), POLICY, NOW)).as("a manifest does not keep itself").isFalse();
        assertThat(facts.recorded(d("manifest"))).isTrue();
        assertThat(facts.recorded(d("shared-layer"))).as("linked by its manifest").isTrue();
        images.unlinkBlob("web", d("shared-layer"));
        assertThat(facts.recorded(d("shared-layer"))).isFalse();
        assertThat(facts.linkedAt("web", d("config"))).contains(OLD);
        assertThat(facts.links()).extracting(RetentionFacts.BlobLink::digest).containsExactly(d("config"));
    }

    @Test
    void aCollectedArtifactIsNotReusedUntilItIsStoredAgain() {
        Run run = run("main", d("tar"), RunState.SUCCEEDED);
        artifacts.record(artifact(d("tar"), OLD));
        assertThat(runs.findReusable("web", run.treeId(), run.pipelineDigest())).isPresent();

        artifacts.markCollected(d("tar"), NOW);
        assertThat(artifacts.collectedAt("web", d("tar"))).contains(NOW);
        assertThat(runs.findReusable("web", run.treeId(), run.pipelineDigest())).isEmpty();
        assertThat(facts.artifactApps()).containsEntry(d("tar"), "web");

        artifacts.record(artifact(d("tar"), NOW));
        assertThat(artifacts.collectedAt("web", d("tar"))).isEmpty();
        assertThat(runs.findReusable("web", run.treeId(), run.pipelineDigest())).isPresent();
    }

    private void assertKeptExactly(Digest... kept) {
        assertThat(facts.roots(POLICY, NOW)).containsExactlyInAnyOrder(kept);
        for (Digest digest : kept) {
            assertThat(facts.needed(digest, POLICY, NOW)).as("needed(%s)", digest).isTrue();
        }
        Set<Digest> all = Set.of(d("retired-in-dev"), d("retired-in-a-torn-down-env"), d("failed-in-staging"),
                d("cancelled-in-dev"), d("main-1"), d("other-1"), d("commit-tagged"), d("old-artifact"),
                d("old-manifest"));
        for (Digest digest : all) {
            if (!List.of(kept).contains(digest)) {
                assertThat(facts.needed(digest, POLICY, NOW)).as("needed(%s)", digest).isFalse();
            }
        }
    }

    private void deployed(String environment, Digest digest, DeploymentState state) {
        Deployment created = deployments.create(new NewDeployment("web", environment, digest, "c".repeat(40), 1,
                DeploymentTrigger.PUSH, "alice", new Launch("./run", "/healthz", Duration.ofSeconds(30), Map.of()), OLD));
        List<DeploymentState> path = switch (state) {
            case QUEUED -> List.of();
            case DEPLOYING -> List.of(DeploymentState.DEPLOYING);
            case LIVE -> List.of(DeploymentState.DEPLOYING, DeploymentState.LIVE);
            case RETIRED -> List.of(DeploymentState.DEPLOYING, DeploymentState.LIVE, DeploymentState.RETIRED);
            case FAILED -> List.of(DeploymentState.DEPLOYING, DeploymentState.FAILED);
            case CANCELLED -> List.of(DeploymentState.CANCELLED);
            default -> throw new IllegalArgumentException(state.name());
        };
        DeploymentState at = DeploymentState.QUEUED;
        for (DeploymentState next : path) {
            assertThat(deployments.move("web", created.id(), at, next, OLD, null)).isTrue();
            at = next;
        }
    }

    private Run run(String branch, Digest artifact, RunState state) {
        Run run = runs.create(new NewRun("web", branch, "c".repeat(40), "tree-" + artifact.hex(), "sha256:pipe",
                "alice", OLD, List.of()));
        runs.setArtifact("web", run.number(), artifact, null);
        if (state != RunState.QUEUED) {
            runs.move("web", run.number(), RunState.QUEUED, RunState.RUNNING, OLD, null);
        }
        if (state != RunState.RUNNING && state != RunState.QUEUED) {
            runs.move("web", run.number(), RunState.RUNNING, state, OLD, null);
        }
        return runs.find("web", run.number()).orElseThrow();
    }

    private static Artifact artifact(Digest digest, Instant at) {
        return new Artifact("web", digest, "c".repeat(40), "tree-" + digest.hex(), "sha256:pipe", 1, 10, at);
    }

    static StoredManifest manifest(String repository, Digest digest, Digest layer, Instant at) {
        return new StoredManifest(repository, StoredManifest.appOf(repository), digest, OciMediaTypes.OCI_MANIFEST, 300,
                1006, Optional.of(d("config")), List.of(new Descriptor(OciMediaTypes.OCI_LAYER, layer, 1000)), List.of(),
                OptionalLong.empty(), "alice", at);
    }
}
