package dev.slipway.forge;

/** Where a call to the forge stands: still to send (maybe after a failed try), accepted, or given up on. */
public enum CallOutcome {
    PENDING, SENT, GAVE_UP
}
