package dev.slipway.pipeline;

import java.time.Instant;
import java.util.List;

/** What is known of a run before it has a number. */
public record NewRun(
        String app,
        String branch,
        String commit,
        String treeId,
        String pipelineDigest,
        String pushedBy,
        Instant createdAt,
        List<JobKey> jobs) {

    public record JobKey(int stageIndex, String stage, String name) {}
}
