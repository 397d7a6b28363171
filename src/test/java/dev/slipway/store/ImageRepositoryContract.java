package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.app.App;
import dev.slipway.artifact.Digest;
import dev.slipway.image.Descriptor;
import dev.slipway.image.ImageTag;
import dev.slipway.image.OciMediaTypes;
import dev.slipway.image.StoredManifest;
import dev.slipway.image.TagOwner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ImageRepository must do, on every database. */
abstract class ImageRepositoryContract extends DatabaseFixture {
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Digest CONFIG = Digest.ofBytes("config".getBytes());
    static final Digest LAYER = Digest.ofBytes("layer".getBytes());
    static final Digest MANIFEST = Digest.ofBytes("manifest".getBytes());

    SqlImageRepository images;

    @BeforeEach
    void apps() {
        new SqlAppRepository(db).create(new App("web", T0), () -> { });
        new SqlAppRepository(db).create(new App("api", T0), () -> { });
        images = new SqlImageRepository(db);
    }

    static StoredManifest manifest(String repository, Digest digest, OptionalLong run, Instant at) {
        return new StoredManifest(repository, StoredManifest.appOf(repository), digest, OciMediaTypes.OCI_MANIFEST, 300,
                1006, Optional.of(CONFIG), List.of(new Descriptor(OciMediaTypes.OCI_LAYER, LAYER, 1000)), List.of(), run,
                "alice", at);
    }

    @Test
    void aManifestIsRecordedOnceWithItsBlobsLinkedToItsRepository() {
        images.recordManifest(manifest("web", MANIFEST, OptionalLong.of(7), T0));
        images.recordManifest(manifest("web", MANIFEST, OptionalLong.of(8), T0.plusSeconds(5)));
        StoredManifest stored = images.findManifest("web", MANIFEST).orElseThrow();
        assertThat(stored.run()).hasValue(7);
        assertThat(stored.layers()).containsExactly(new Descriptor(OciMediaTypes.OCI_LAYER, LAYER, 1000));
        assertThat(stored.blobs()).containsExactly(CONFIG, LAYER);
        assertThat(images.hasBlob("web", LAYER)).isTrue();
        assertThat(images.hasBlob("api", LAYER)).isFalse();
        assertThat(images.findImage("web", MANIFEST)).isPresent();
        assertThat(images.findImage("api", MANIFEST)).isEmpty();
        assertThat(images.pushedBy("web", 7)).isPresent();
        // run 8 pushed the same manifest again: the record stays run 7's, but run 8 did push it
        assertThat(images.pushedBy("web", 8)).map(StoredManifest::digest).hasValue(MANIFEST);
        assertThat(images.pushedBy("web", 9)).isEmpty();
        assertThat(images.repositories("web")).containsExactly("web");
    }

    @Test
    void referrersAreListedByRepositoryAndSubjectWithTheirTypeAndAnnotations() {
        images.recordManifest(manifest("web", MANIFEST, OptionalLong.empty(), T0));
        Digest sbom = Digest.ofBytes("sbom manifest".getBytes());
        Digest signature = Digest.ofBytes("signature manifest".getBytes());
        images.recordManifest(referrer("web", sbom, "application/vnd.cyclonedx+json",
                java.util.Map.of("org.opencontainers.image.created", "2026-12-03T10:00:00Z"), T0.plusSeconds(1)));
        images.recordManifest(referrer("web", signature, "application/vnd.dev.cosign.simplesigning.v1+json",
                java.util.Map.of(), T0.plusSeconds(2)));
        images.recordManifest(referrer("web/worker", sbom, "application/vnd.cyclonedx+json", java.util.Map.of(), T0));

        List<StoredManifest> found = images.referrers("web", MANIFEST);
        assertThat(found).extracting(StoredManifest::digest).containsExactly(sbom, signature);
        assertThat(found.get(0).subject()).hasValue(MANIFEST);
        assertThat(found.get(0).artifactType()).hasValue("application/vnd.cyclonedx+json");
        assertThat(found.get(0).annotations()).containsEntry("org.opencontainers.image.created", "2026-12-03T10:00:00Z");
        assertThat(found.get(1).annotations()).isEmpty();
        assertThat(images.findManifest("web", MANIFEST).orElseThrow().subject()).isEmpty();
        assertThat(images.referrers("web", sbom)).isEmpty();
        assertThat(images.referrers("web/worker", MANIFEST)).hasSize(1);
    }

    static StoredManifest referrer(String repository, Digest digest, String artifactType,
                                   java.util.Map<String, String> annotations, Instant at) {
        return new StoredManifest(repository, StoredManifest.appOf(repository), digest, OciMediaTypes.OCI_MANIFEST, 400,
                1002, Optional.of(CONFIG), List.of(new Descriptor(artifactType, LAYER, 1000)), List.of(),
                OptionalLong.empty(), "slipway", at, Optional.of(MANIFEST), Optional.of(artifactType), annotations);
    }

    @Test
    void tagsMoveAndNameTheirDigest() {
        images.recordManifest(manifest("web/worker", MANIFEST, OptionalLong.empty(), T0));
        images.setTag(new ImageTag("web/worker", "branch-main", MANIFEST, TagOwner.SERVER, T0));
        Digest other = Digest.ofBytes("other".getBytes());
        images.setTag(new ImageTag("web/worker", "branch-main", other, TagOwner.SERVER, T0.plusSeconds(1)));
        images.setTag(new ImageTag("web/worker", "latest", MANIFEST, TagOwner.USER, T0));
        assertThat(images.findTag("web/worker", "branch-main")).map(ImageTag::digest).contains(other);
        assertThat(images.tags("web/worker")).extracting(ImageTag::tag).containsExactly("branch-main", "latest");
        assertThat(images.tagsOf("web", MANIFEST)).extracting(ImageTag::tag).containsExactly("latest");
        assertThat(images.tagsOf("api", MANIFEST)).isEmpty();
        images.deleteTag("web/worker", "latest");
        assertThat(images.tags("web/worker")).extracting(ImageTag::tag).containsExactly("branch-main");
    }

    @Test
    void theCollectorSeesWhatIsReferencedUntilItIsForgotten() {
        images.recordManifest(manifest("web", MANIFEST, OptionalLong.empty(), T0));
        Digest uploaded = Digest.ofBytes("uploaded".getBytes());
        images.linkBlob("api", uploaded, T0);
        assertThat(images.referencedDigests()).contains(MANIFEST, CONFIG, LAYER, uploaded);
        images.deleteManifest("web", MANIFEST);
        images.unlinkBlob("web", CONFIG);
        images.unlinkBlob("web", LAYER);
        images.unlinkBlob("api", uploaded);
        assertThat(images.referencedDigests()).isEmpty();
        assertThat(images.allManifests()).isEmpty();
    }
}
