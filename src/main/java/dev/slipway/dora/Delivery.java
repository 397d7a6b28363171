package dev.slipway.dora;

import java.time.Instant;

/**
 * One deployment of a change as DORA counts it. {@code firstSeenAt}: when its commit was made (git's committer time,
 * recorded with its runs), or for runs recorded without it when Slipway first received the commit (its earliest run);
 * null if the runs are gone; {@code finishedAt}: when it went live, or when it failed;
 * {@code rolledBack}: it went live and what replaced it was a rollback (or a swap back to an older deployment);
 * {@code restoredAt}: for a failure, when the environment next had a healthy live deployment (null: not yet).
 */
public record Delivery(String environment, long id, boolean wentLive, Instant firstSeenAt, Instant finishedAt,
                       boolean rolledBack, Instant restoredAt) {
    /** A change failure: it failed to deploy, or it went live and was rolled back. */
    public boolean failure() {
        return !wentLive || rolledBack;
    }
}
