package dev.slipway.pipeline;

import java.util.List;
import java.util.Objects;

/** A stage as defined in the pipeline file: its jobs run in parallel, in file order. */
public record StageSpec(String name, List<JobSpec> jobs) {
    public StageSpec {
        Objects.requireNonNull(name, "name");
        jobs = List.copyOf(jobs);
    }
}
