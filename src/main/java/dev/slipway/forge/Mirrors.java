package dev.slipway.forge;

import java.util.concurrent.CompletableFuture;

/**
 * The mirrors of followed apps. A hint starts a fetch of the app's upstream at once (on the app's own queue, so one
 * app's fetches never overlap); the future completes with what came of it, in a line for the delivery's record
 * ("run #12 started for main", "commit abc1234 not served after 6 tries; polling will pick it up").
 */
public interface Mirrors {
    CompletableFuture<String> hinted(PushHint hint);

    /**
     * A look with no hint (polling, or right after the app was created), on the app's queue. Until a look has gone
     * well, a look builds the branches and promotes no tag: tags there before Slipway followed are only mirrored.
     */
    CompletableFuture<String> look(String app);

    /** Lists the upstream's refs with these credentials, or throws a Problem that says why it cannot. */
    void probe(Upstream upstream, FollowCredentials credentials);
}
