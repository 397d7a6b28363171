package dev.slipway.artifact;

import java.util.List;
import java.util.Optional;

public interface ArtifactRepository {
    /** Records the artifact; recording the same (app, digest) again keeps the first record. */
    void record(Artifact artifact);

    Optional<Artifact> find(String app, Digest digest);

    List<Artifact> list(String app);
}
