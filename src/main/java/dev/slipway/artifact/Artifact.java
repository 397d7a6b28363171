package dev.slipway.artifact;

import java.time.Instant;

/** The immutable output of a run: content-addressed, tied to its commit, run and pipeline file digest. */
public record Artifact(
        String app,
        Digest digest,
        String commit,
        String treeId,
        String pipelineDigest,
        long run,
        long size,
        Instant createdAt) {}
