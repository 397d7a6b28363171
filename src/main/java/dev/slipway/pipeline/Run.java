package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.Optional;

/**
 * One execution of an app's pipeline for one pushed commit. {@code pipelineDigest} is the sha256 of the
 * .slipway.yml bytes at that commit; {@code treeId} the commit's git tree, which together decide artifact reuse.
 */
public record Run(
        String app,
        long number,
        String branch,
        String commit,
        String treeId,
        String pipelineDigest,
        String pushedBy,
        RunState state,
        String error,
        Digest artifact,
        Long reusedFrom,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public Optional<Digest> artifactDigest() {
        return Optional.ofNullable(artifact);
    }

    public String label() {
        return app + " run #" + number;
    }
}
