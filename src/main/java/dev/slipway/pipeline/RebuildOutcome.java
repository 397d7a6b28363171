package dev.slipway.pipeline;

/**
 * How a reproducibility check ended: {@link #SAME} digest as the recorded artifact, {@link #DIFFERENT} (the
 * differing tar entries are named), or {@link #FAILED} to build at all; {@link #RUNNING} while under way.
 */
public enum RebuildOutcome {
    RUNNING,
    SAME,
    DIFFERENT,
    FAILED;

    public boolean isFinal() {
        return this != RUNNING;
    }
}
