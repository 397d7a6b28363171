package dev.slipway.pipeline;

/** How a new release replaces the running one. */
public enum Strategy {
    /** stop the old release, then start the new one */
    RECREATE,
    /** start the new release in the idle slot, then swap traffic to it */
    BLUEGREEN
}
