package dev.slipway.environment;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who hears that a deployment ended up where it is (finished, or made LIVE by a swap): the watch, promotions. */
final class DeployListeners {
    private static final Logger log = LoggerFactory.getLogger(DeployListeners.class);

    private final List<Consumer<Deployment>> listeners = new CopyOnWriteArrayList<>();

    void add(Consumer<Deployment> listener) {
        listeners.add(listener);
    }

    /** Tells every listener, in the order they were added; one that fails does not stop the others. */
    void announce(Deployment outcome) {
        for (Consumer<Deployment> listener : listeners) {
            try {
                listener.accept(outcome);
            } catch (RuntimeException e) {
                log.error("a listener failed on deployment {} of {} to {}", outcome.id(), outcome.app(),
                        outcome.environment(), e);
            }
        }
    }
}
