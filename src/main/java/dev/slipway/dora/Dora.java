package dev.slipway.dora;

import dev.slipway.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DORA figures from Slipway's own records, per environment:
 * <ul>
 * <li>deployment frequency: deployments that went live in the window (a rollback is not a change: not counted);</li>
 * <li>lead time for changes: from when Slipway first received the commit (its earliest run: a push, the mirror's
 * look, or a webhook) to when its deployment went live there; median and p90. Not the commit's own date: author and
 * committer dates are written by the developer's machine and rewritten by rebase and amend, and nothing records them,
 * while the push is the server's own clock — the lead time of the path to production, which is Slipway's part;</li>
 * <li>change failure rate: of the deployments that finished (went live or failed), those that FAILED or ERRORED,
 * or went live and were then rolled back (a rollback deployment, the watch's automatic one, or a swap back to an
 * older deployment);</li>
 * <li>time to restore: from the failure (the failed deployment ending, or the rolled-back one going live) to the
 * environment's next healthy live deployment; median.</li>
 * </ul>
 * Percentiles are nearest-rank (the median of 4 values is the 2nd): always a value that was measured.
 * The database does the reading and the joins ({@link DeliveryFacts}, one query); this class only counts and sorts
 * the window's few rows.
 */
public final class Dora {
    private final DeliveryFacts facts;
    private final Clock clock;

    public Dora(DeliveryFacts facts, Clock clock) {
        this.facts = facts;
        this.clock = clock;
    }

    /** The app's figures over the last {@code days} (7, 30 or 90), for one environment or for each. */
    public DoraReport report(String app, String days, Optional<String> environment) {
        return report(app, DoraWindow.parse(days, clock.instant()), environment);
    }

    public DoraReport report(String app, DoraWindow window, Optional<String> environment) {
        List<Delivery> deliveries = facts.deliveries(app, environment, window.from(), window.to());
        Set<String> names = new LinkedHashSet<>();
        if (environment.isPresent()) {
            if (deliveries.isEmpty() && !facts.environmentExists(app, environment.get())) {
                throw Problem.notFound("no environment '" + environment.get() + "' in app '" + app
                        + "' (and no deployment to one of that name in the last " + window.days() + " days)");
            }
            names.add(environment.get());
        } else {
            names.addAll(facts.fixedEnvironments(app));
            deliveries.stream().map(Delivery::environment).sorted().forEach(names::add);
        }
        Map<String, List<Delivery>> byEnvironment = new LinkedHashMap<>();
        names.forEach(name -> byEnvironment.put(name, new ArrayList<>()));
        deliveries.forEach(d -> byEnvironment.get(d.environment()).add(d));
        return new DoraReport(app, window, byEnvironment.entrySet().stream()
                .map(e -> figures(e.getKey(), e.getValue(), window)).toList());
    }

    static DoraReport.EnvironmentFigures figures(String environment, List<Delivery> deliveries, DoraWindow window) {
        int[] live = new int[window.bars()];
        int[] failed = new int[window.bars()];
        List<Duration> leadTimes = new ArrayList<>();
        List<Duration> restores = new ArrayList<>();
        int deployments = 0;
        int failures = 0;
        int unrestored = 0;
        for (Delivery d : deliveries) {
            int bar = window.barOf(d.finishedAt());
            if (d.wentLive()) {
                deployments++;
                live[bar]++;
                if (d.firstSeenAt() != null) {
                    leadTimes.add(nonNegative(Duration.between(d.firstSeenAt(), d.finishedAt())));
                }
            }
            if (d.failure()) {
                failures++;
                failed[bar]++;
                if (d.restoredAt() == null) {
                    unrestored++;
                } else {
                    restores.add(nonNegative(Duration.between(d.finishedAt(), d.restoredAt())));
                }
            }
        }
        List<DoraReport.Bar> bars = new ArrayList<>();
        for (int i = 0; i < window.bars(); i++) {
            bars.add(new DoraReport.Bar(window.barStart(i), live[i], failed[i]));
        }
        int attempts = deliveries.size();
        return new DoraReport.EnvironmentFigures(environment, deployments, (double) deployments / window.days(),
                deployments * 7.0 / window.days(), bars, percentile(leadTimes, 50), percentile(leadTimes, 90),
                leadTimes.size(), attempts, failures,
                attempts == 0 ? Optional.empty() : Optional.of((double) failures / attempts),
                percentile(restores, 50), restores.size(), unrestored);
    }

    /** Nearest rank: the smallest measured value with at least {@code percent}% of the values at or below it. */
    static Optional<Duration> percentile(List<Duration> values, int percent) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return Optional.of(sorted.get(Math.max(rank, 1) - 1));
    }

    /** A clock step back (a restore recorded before its failure) must not make a negative time. */
    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
