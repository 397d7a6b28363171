package dev.slipway.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * What is known of a run before it has a number. {@code committedAt}: the commit's own time (git's committer time),
 * null when the source cannot tell; lead times for changes start there.
 */
public record NewRun(
        String app,
        String branch,
        String commit,
        String treeId,
        String pipelineDigest,
        String pushedBy,
        Instant createdAt,
        List<JobKey> jobs,
        Instant committedAt) {

    /** A run whose commit time is not known. */
    public NewRun(String app, String branch, String commit, String treeId, String pipelineDigest, String pushedBy,
                  Instant createdAt, List<JobKey> jobs) {
        this(app, branch, commit, treeId, pipelineDigest, pushedBy, createdAt, jobs, null);
    }

    public record JobKey(int stageIndex, String stage, String name) {}
}
