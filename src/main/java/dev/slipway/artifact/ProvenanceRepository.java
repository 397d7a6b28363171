package dev.slipway.artifact;

import java.time.Instant;
import java.util.Optional;

/** Where artifacts' signed provenance is kept: one DSSE envelope per (app, digest). */
public interface ProvenanceRepository {
    /** Records the envelope; a digest that already has one keeps it (the build that made it first vouches for it). */
    void record(String app, Digest digest, long run, String keyId, String envelope, Instant at);

    /** The envelope's JSON, as recorded. */
    Optional<String> find(String app, Digest digest);
}
