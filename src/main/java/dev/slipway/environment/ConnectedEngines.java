package dev.slipway.environment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The connected engines of one kind of target, by target name: each kept while its target's connection ({@code key}:
 * endpoint, credentials) stays the same, closed when that changes or the target is removed, all closed at shutdown.
 */
public final class ConnectedEngines<E> implements AutoCloseable {
    /** An engine just opened, and how to close it with all it holds. */
    public record Opened<E>(E engine, Runnable close) {}

    private record Connected<E>(String key, Opened<E> opened) {}

    private final Map<String, Connected<E>> connected = new LinkedHashMap<>();

    /** The engine of target {@code name} as {@code key} connects it: the one kept, or a new one from {@code open}. */
    public synchronized E get(String name, String key, Supplier<Opened<E>> open) {
        Connected<E> known = connected.get(name);
        if (known != null && known.key().equals(key)) {
            return known.opened().engine();
        }
        if (known != null) {
            known.opened().close().run();
        }
        Opened<E> opened = open.get();
        connected.put(name, new Connected<>(key, opened));
        return opened.engine();
    }

    /** Closes the engines of targets no longer registered. */
    public synchronized void keepOnly(Set<String> registered) {
        for (String gone : connected.keySet().stream().filter(n -> !registered.contains(n)).toList()) {
            connected.remove(gone).opened().close().run();
        }
    }

    @Override
    public synchronized void close() {
        connected.values().forEach(c -> c.opened().close().run());
        connected.clear();
    }
}
