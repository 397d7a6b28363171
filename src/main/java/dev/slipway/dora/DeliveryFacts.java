package dev.slipway.dora;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the DORA figures read from the records of several concepts at once (deployments and the environments they
 * went to, the runs that first saw their commits), implemented in SQL by the store so that the joins, the window and
 * the "what replaced it" look-ups run in the database, on its indexes, in one read per report.
 */
public interface DeliveryFacts {
    /**
     * Every deployment of {@code app} (in {@code environment} only, when given) that is not a rollback and finished in
     * {@code [from, to]}: went live, or FAILED/ERRORED; oldest first. Rollbacks are not changes: they show up as what
     * rolled something back ({@link Delivery#rolledBack()}) and what restored it ({@link Delivery#restoredAt()}).
     */
    List<Delivery> deliveries(String app, Optional<String> environment, Instant from, Instant to);

    /** The app's environments that are not per-branch (no branch of their own), oldest first. */
    List<String> fixedEnvironments(String app);

    /** Whether the app has an environment of that name now. */
    boolean environmentExists(String app, String environment);

    /** Totals over every app and environment, for /metrics: no names. */
    Totals totals();

    /**
     * All time, every app: deployments that went live (rollbacks not counted), deployments rolled back (by a
     * rollback deployment or a swap back to an older one, by a person or the watch), deployments that FAILED or ERRORED.
     */
    record Totals(long wentLive, long rolledBack, long failed) {}
}
