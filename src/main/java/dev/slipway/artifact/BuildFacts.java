package dev.slipway.artifact;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What Slipway knows about the build of one artifact, as the provenance statement says it: the artifact, where its
 * source came from ({@code repository}: the app's git URL on this server, or the upstream it follows; {@code ref}
 * {@code refs/heads/BRANCH}; the commit), the pipeline file's digest, the job(s) that made it, the run and when it
 * ran. {@code baseImages}: the digests of the images an image artifact was built on, when known (never a tag).
 */
public record BuildFacts(
        String app,
        Digest digest,
        String repository,
        String ref,
        String commit,
        String pipelineDigest,
        List<String> jobs,
        long run,
        Instant startedOn,
        Instant finishedOn,
        List<BaseImageDigest> baseImages) {
    /** An image an image artifact was built on: as the pipeline file named it, and the digest it resolved to. */
    public record BaseImageDigest(String reference, Digest digest) {}

    public BuildFacts {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(commit, "commit");
        jobs = List.copyOf(jobs);
        baseImages = baseImages == null ? List.of() : List.copyOf(baseImages);
    }
}
