package dev.slipway.artifact;

import java.time.Instant;
import java.util.Objects;

/**
 * A software bill of materials kept with an artifact: the CycloneDX document job {@code job} of run {@code run} wrote
 * ({@code sbom:} in the pipeline file), stored as blob {@code digest} of the content store.
 */
public record Sbom(String app, Digest artifact, String job, long run, Digest digest, long size, String specVersion,
                   int components, Instant createdAt) {
    public Sbom {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(specVersion, "specVersion");
    }
}
