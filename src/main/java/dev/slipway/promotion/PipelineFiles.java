package dev.slipway.promotion;

import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import java.util.Optional;

/** The pipeline file at a run's commit, parsed; empty when it is missing or invalid. Wired to {@code Pushes::specOf}. */
@FunctionalInterface
public interface PipelineFiles {
    Optional<PipelineSpec> specOf(Run run);
}
