package dev.slipway.pipeline;

/** How a deployment reaches an environment's several targets. */
public enum RolloutMode {
    /** every target at once; a target that cannot be reached is reported and catches up when it returns */
    PARALLEL,
    /** {@code max_unavailable} targets at a time; the rollout stops at the first target that fails or is unreachable */
    ONE_BY_ONE
}
