package dev.slipway.pipeline;

/** Who moves traffic to the idle slot in a blue/green environment. */
public enum SwapMode {
    /** a person swaps when ready */
    MANUAL,
    /** Slipway swaps as soon as the idle slot is healthy and verified */
    AUTO
}
