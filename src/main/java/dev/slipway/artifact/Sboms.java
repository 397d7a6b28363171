package dev.slipway.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The SBOMs kept with an app's artifacts: which there are, each one's document (a blob) and what it lists. */
public final class Sboms {
    private final SbomRepository sboms;
    private final ArtifactStore store;

    public Sboms(SbomRepository sboms, ArtifactStore store) {
        this.sboms = sboms;
        this.store = store;
    }

    /** Records an SBOM whose document is already in the content store. */
    public void record(Sbom sbom) {
        sboms.record(sbom);
    }

    /** The SBOMs of an artifact, by job name. */
    public List<Sbom> of(String app, Digest artifact) {
        return sboms.of(app, artifact);
    }

    public Optional<Sbom> find(String app, Digest artifact, String job) {
        return sboms.find(app, artifact, job);
    }

    /** The document's file in the content store (sent as it was written). */
    public Path document(Sbom sbom) throws IOException {
        Path file = store.path(sbom.digest());
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "the SBOM of job '" + sbom.job()
                    + "' is no longer in the content store");
        }
        return file;
    }

    /** What the stored document lists, read again (it was checked when it was kept). */
    public SbomSummary summary(Sbom sbom) throws IOException, SbomException {
        return CycloneDx.read(Files.readAllBytes(document(sbom)), "the SBOM of job '" + sbom.job() + "'");
    }
}
