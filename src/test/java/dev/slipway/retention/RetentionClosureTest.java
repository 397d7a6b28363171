package dev.slipway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import dev.slipway.image.Descriptor;
import dev.slipway.image.OciMediaTypes;
import dev.slipway.image.StoredManifest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A kept image keeps its config, its layers and, for an index, every child manifest with theirs; nothing else. */
class RetentionClosureTest {
    static Digest d(String name) {
        return Digest.ofBytes(name.getBytes());
    }

    static StoredManifest image(String repository, Digest digest, Digest config, Digest layer) {
        return new StoredManifest(repository, StoredManifest.appOf(repository), digest, OciMediaTypes.OCI_MANIFEST, 1, 1,
                Optional.of(config), List.of(new Descriptor(OciMediaTypes.OCI_LAYER, layer, 1)), List.of(),
                OptionalLong.empty(), "alice", Instant.EPOCH);
    }

    static StoredManifest index(Digest digest, List<Digest> children) {
        return new StoredManifest("web", "web", digest, OciMediaTypes.OCI_INDEX, 1, 1, Optional.empty(), List.of(),
                children, OptionalLong.empty(), "alice", Instant.EPOCH);
    }

    @Test
    void anIndexKeepsItsChildrenAndTheirBlobsAcrossRepositories() {
        List<StoredManifest> manifests = List.of(
                index(d("index"), List.of(d("amd64"), d("arm64"))),
                image("web", d("amd64"), d("amd64-config"), d("amd64-layer")),
                image("web/worker", d("arm64"), d("arm64-config"), d("shared-layer")),
                image("web", d("other"), d("other-config"), d("shared-layer")));

        Set<Digest> kept = Retention.closure(Set.of(d("index"), d("a-tar")), manifests);

        assertThat(kept).containsExactlyInAnyOrder(d("index"), d("a-tar"), d("amd64"), d("amd64-config"),
                d("amd64-layer"), d("arm64"), d("arm64-config"), d("shared-layer"));
    }

    @Test
    void nothingIsKeptWithoutARoot() {
        assertThat(Retention.closure(Set.of(), List.of(image("web", d("m"), d("c"), d("l"))))).isEmpty();
    }
}
