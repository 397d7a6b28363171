package dev.slipway.artifact;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ArtifactRepository {
    /**
     * Records the artifact; recording the same (app, digest) again keeps the first record (and, as its file was just
     * stored again, forgets that the collector had deleted it).
     */
    void record(Artifact artifact);

    /** Notes on every app's record of {@code digest} that the collector deleted its file from the store. */
    void markCollected(Digest digest, Instant at);

    /** When the collector deleted the artifact's file, if it did (and it was not stored again since). */
    Optional<Instant> collectedAt(String app, Digest digest);

    Optional<Artifact> find(String app, Digest digest);

    List<Artifact> list(String app);
}
