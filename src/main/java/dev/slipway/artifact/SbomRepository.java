package dev.slipway.artifact;

import java.util.List;
import java.util.Optional;

/** The SBOMs kept with each app's artifacts, one per (artifact, job). */
public interface SbomRepository {
    /** Records the SBOM, replacing the one the same job wrote earlier for the same artifact (a rebuild). */
    void record(Sbom sbom);

    /** The SBOMs of an artifact, by job name. */
    List<Sbom> of(String app, Digest artifact);

    Optional<Sbom> find(String app, Digest artifact, String job);
}
