package dev.slipway.dora;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The four DORA figures of an app, per environment, over one {@link DoraWindow}. */
public record DoraReport(String app, DoraWindow window, List<EnvironmentFigures> environments) {

    /** One bar of the chart: deployments that went live, and change failures, in {@code [start, start + bar)}. */
    public record Bar(Instant start, int deployments, int failures) {}

    /**
     * One environment's figures. An empty Optional is "n/a": nothing to measure (no deployment in the window for the
     * lead time and the failure rate, no failure for the time to restore), never a 0 that would read as "perfect".
     *
     * @param deployments       deployments that went live in the window (rollbacks not counted)
     * @param leadTimeSamples   of those, how many had a known commit time
     * @param attempts          deployments that finished in the window: went live, or failed
     * @param failures          of those, failed to deploy or were rolled back
     * @param restored          failures with a healthy live deployment after them; {@code unrestored}: not yet
     */
    public record EnvironmentFigures(String environment, int deployments, double perDay, double perWeek, List<Bar> bars,
                                     Optional<Duration> leadTimeMedian, Optional<Duration> leadTimeP90,
                                     int leadTimeSamples, int attempts, int failures,
                                     Optional<Double> changeFailureRate, Optional<Duration> timeToRestoreMedian,
                                     int restored, int unrestored) {}
}
