package dev.slipway.environment;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The troubles the {@link Supervisor} currently sees, by deployment: what status pages show as CRASHED or
 * RESTARTING. Kept in memory only: after a restart of the server, Recovery starts a live service that is gone anew.
 */
public final class ServiceConditions {
    private final Map<String, ServiceTrouble> troubles = new ConcurrentHashMap<>();

    public Optional<ServiceTrouble> of(Deployment d) {
        return Optional.ofNullable(troubles.get(key(d)));
    }

    void set(Deployment d, ServiceTrouble trouble) {
        troubles.put(key(d), trouble);
    }

    void clear(Deployment d) {
        troubles.remove(key(d));
    }

    /** Forgets every deployment but these (by {@link #key}): the others no longer run. */
    void retainOnly(Set<String> keys) {
        troubles.keySet().retainAll(keys);
    }

    static String key(Deployment d) {
        return d.app() + "#" + d.id();
    }
}
