package dev.slipway.pipeline;

/** Told when a run has produced (or reused) its artifact, so the artifact can move on to environments. */
@FunctionalInterface
public interface RunListener {
    void runSucceeded(Run run, PipelineSpec spec);

    /**
     * After a restart, for the newest successful run of each branch: a crash between the run succeeding and its
     * deployments being recorded must not lose them. Deploy whatever this run never reached.
     */
    default void recovered(Run run, PipelineSpec spec) {
    }
}
