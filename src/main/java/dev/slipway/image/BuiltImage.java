package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.util.Optional;

/** An image a job produced: its manifest digest (the run's artifact digest), its size, layers and resolved base. */
public record BuiltImage(Digest digest, long size, int layers, Optional<Digest> base, String baseReference, StoredManifest manifest) {}
