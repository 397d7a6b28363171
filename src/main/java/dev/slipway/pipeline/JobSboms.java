package dev.slipway.pipeline;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.CycloneDx;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.Sbom;
import dev.slipway.artifact.SbomException;
import dev.slipway.artifact.SbomSummary;
import dev.slipway.artifact.Sboms;
import dev.slipway.image.BlobGuard;
import dev.slipway.image.ImageException;
import dev.slipway.image.Referrers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The SBOM a job declares ({@code sbom: target/bom.json}), after its steps succeeded: the file must be there and be
 * CycloneDX JSON; it is stored in the content store, recorded with the run's artifact and job, and — when that artifact
 * is an image — attached to it as an OCI referrer, so registry clients find it beside the image. Anything wrong fails
 * the job, saying what, and keeps nothing.
 */
public final class JobSboms {
    private final Sboms sboms;
    private final ArtifactStore store;
    private final Referrers referrers;
    private final BlobGuard guard;
    private final Clock clock;

    public JobSboms(Sboms sboms, ArtifactStore store, Referrers referrers, BlobGuard guard, Clock clock) {
        this.sboms = sboms;
        this.store = store;
        this.referrers = referrers;
        this.guard = guard;
        this.clock = clock;
    }

    /** Keeps the job's SBOM; the problem, if the job must fail instead. */
    Optional<String> keep(Run run, JobSpec job, Path workspace, LogStore.Writer out) throws IOException {
        String path = job.sbom().orElseThrow();
        String where = "sbom '" + path + "'";
        Optional<Digest> artifact = run.artifactDigest();
        if (artifact.isEmpty()) {
            return Optional.of(where + ": the run has no artifact for it to describe (no earlier job stored one)");
        }
        byte[] bytes;
        try {
            bytes = read(workspace, path, where);
        } catch (SbomException e) {
            return Optional.of(e.getMessage());
        }
        SbomSummary summary;
        try {
            summary = CycloneDx.read(bytes, where);
        } catch (SbomException e) {
            return Optional.of(e.getMessage());
        }
        Sbom sbom;
        // stored and recorded under the guard: the same document stored long ago cannot be collected in between
        try (BlobGuard.Held held = guard.shared()) {
            Digest digest = store.storeBytes(bytes);
            sbom = new Sbom(run.app(), artifact.get(), job.name(), run.number(), digest, bytes.length,
                    summary.specVersion(), summary.components().size(), clock.instant());
            sboms.record(sbom);
        }
        out.note("slipway: kept SBOM " + path + " (CycloneDX " + summary.specVersion() + ", "
                + summary.components().size() + " components) with artifact " + artifact.get());
        if (referrers.isImage(run.app(), artifact.get())) {
            try {
                Digest referrer = referrers.attach(run.app(), artifact.get(), CycloneDx.MEDIA_TYPE,
                        CycloneDx.MEDIA_TYPE, bytes, Map.of("dev.slipway.job", job.name()));
                out.note("slipway: attached it to image " + artifact.get() + " as referrer " + referrer);
            } catch (ImageException e) {
                return Optional.of(where + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The file's bytes: a regular file inside the workspace (a link out of it is refused), at most 16 MiB. */
    private static byte[] read(Path workspace, String path, String where) throws IOException, SbomException {
        Path file = workspace.resolve(path).normalize();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SbomException(where + " is not in the workspace after the job's steps: write it there (e.g. "
                    + "the CycloneDX Maven plugin's makeAggregateBom writes target/bom.json) or fix the path");
        }
        if (!file.toRealPath().startsWith(workspace.toRealPath())) {
            throw new SbomException(where + " leads out of the job's workspace; write the file itself there");
        }
        if (!Files.isRegularFile(file)) {
            throw new SbomException(where + " is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(CycloneDx.MAX_BYTES + 1);
            if (bytes.length > CycloneDx.MAX_BYTES) {
                throw new SbomException(where + " is larger than " + CycloneDx.MAX_BYTES + " bytes (16 MiB); "
                        + "Slipway keeps SBOMs up to that size");
            }
            return bytes;
        }
    }
}
