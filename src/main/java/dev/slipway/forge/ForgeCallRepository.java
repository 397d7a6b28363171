package dev.slipway.forge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outbox of calls to forges, and the harvester's place in the audit log. */
public interface ForgeCallRepository {
    /** The seq of the last audit entry harvested; empty before the first start. */
    Optional<Long> cursor();

    /** Places the cursor at {@code seq} if there is none yet (the first start); returns where it is. */
    long startAt(long seq);

    /**
     * In one transaction: enqueues {@code calls} (PENDING, due at {@code at}, ids ascending in list order) and moves
     * the cursor from {@code from} to {@code to}. False, and nothing done, when the cursor is no longer at {@code from}
     * (another harvester got there first).
     */
    boolean harvested(long from, long to, List<NewForgeCall> calls, Instant at);

    /** Per app, its oldest PENDING call when it is due by {@code now}: later ones wait for it, so none overtakes. */
    List<ForgeCall> due(Instant now);

    /** The earliest time a call that {@link #due} would return becomes due; empty when nothing is pending. */
    Optional<Instant> nextDue();

    /** Compare-and-set on a PENDING call: accepted by the forge ({@code forgeId}: the deployment it created, or null). */
    boolean sent(long id, int attempts, int httpStatus, String forgeId, Instant at);

    /** Compare-and-set on a PENDING call: a failed try, tried again at {@code next}. */
    boolean retry(long id, int attempts, Integer httpStatus, String error, Instant next);

    /** Compare-and-set on a PENDING call: not sent, and never will be. */
    boolean gaveUp(long id, int attempts, Integer httpStatus, String error, Instant at);

    /** The DEPLOYMENT call of a Slipway deployment, if one was enqueued. */
    Optional<ForgeCall> deploymentCall(String app, long deployment);

    /** The app's calls, newest first. */
    List<ForgeCall> list(String app, int limit);
}
