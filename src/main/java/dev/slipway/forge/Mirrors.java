package dev.slipway.forge;

import java.util.concurrent.CompletableFuture;

/**
 * The mirrors of followed apps. A hint starts a fetch of the app's upstream at once (on the app's own queue, so one
 * app's fetches never overlap); the future completes with what came of it, in a line for the delivery's record
 * ("run #12 started for main", "commit abc1234 not served after 6 tries; polling will pick it up").
 */
public interface Mirrors {
    CompletableFuture<String> hinted(PushHint hint);
}
