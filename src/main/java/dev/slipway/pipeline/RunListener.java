package dev.slipway.pipeline;

/** Told when a run has produced (or reused) its artifact, so the artifact can move on to environments. */
@FunctionalInterface
public interface RunListener {
    void runSucceeded(Run run, PipelineSpec spec);
}
