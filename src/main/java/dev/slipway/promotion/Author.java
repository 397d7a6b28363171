package dev.slipway.promotion;

/**
 * A run that makes {@code user} an author of a promotion: it pushed the promotion's commit (on any branch), or it
 * built or reused the promotion's artifact from another commit with the same tree.
 */
public record Author(String app, long promotion, String user, long run, String branch, String commit) {}
