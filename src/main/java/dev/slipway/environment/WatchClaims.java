package dev.slipway.environment;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deployments whose trouble is the {@link Watchdog}'s to handle: from going live until their watch window
 * ends, or until the rollback it started is done. The {@link Supervisor} leaves these alone, so that one crash is
 * never both rolled back and restarted.
 */
public final class WatchClaims {
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    void claim(Deployment d) {
        claimed.add(ServiceConditions.key(d));
    }

    void release(Deployment d) {
        claimed.remove(ServiceConditions.key(d));
    }

    boolean claimed(Deployment d) {
        return claimed.contains(ServiceConditions.key(d));
    }
}
