package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.util.List;
import java.util.Optional;

/**
 * A base image found and in the store: the manifest digest it was resolved to (recorded with the build), its
 * configuration's bytes and its layers. Scratch has none of them.
 */
public record ResolvedBase(String reference, Optional<Digest> digest, Optional<byte[]> config, List<Descriptor> layers) {
    public ResolvedBase {
        layers = List.copyOf(layers);
    }

    public static ResolvedBase scratch() {
        return new ResolvedBase(BaseImage.SCRATCH, Optional.empty(), Optional.empty(), List.of());
    }
}
