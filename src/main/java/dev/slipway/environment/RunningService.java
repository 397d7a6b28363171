package dev.slipway.environment;

/** The process serving a deployment: pid plus its start time (so a recycled pid is never taken for ours). */
public record RunningService(long pid, long startTicks, int port, String directory) {}
