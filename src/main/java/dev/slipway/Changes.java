package dev.slipway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners which apps' recorded state changed, once the change is committed (so a listener that reads the
 * database sees it). The store publishes; the dashboard's live updates listen. Listeners run on the committing
 * thread and must only take note, never block.
 */
public final class Changes {
    private static final Logger LOG = LoggerFactory.getLogger(Changes.class);

    /** Receives the names of the apps whose state changed in one committed transaction. */
    public interface Listener {
        void changed(Set<String> apps);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Listens until the returned handle is run. */
    public Runnable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(Set<String> apps) {
        if (apps.isEmpty()) {
            return;
        }
        for (Listener listener : listeners) {
            try {
                listener.changed(apps);
            } catch (RuntimeException e) {
                LOG.warn("a change listener failed; the change itself is committed", e);
            }
        }
    }
}
