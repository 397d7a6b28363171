package dev.slipway.pipeline;

import java.time.Instant;

/** One job of one run. {@code stageIndex} keeps the pipeline file's stage order. */
public record JobRun(
        String app,
        long run,
        int stageIndex,
        String stage,
        String name,
        JobState state,
        Integer exitCode,
        String error,
        Instant startedAt,
        Instant finishedAt) {}
