package dev.slipway.forge;

import java.util.List;
import java.util.Optional;

/**
 * The deliveries each app received: the newest 1000 per app, and apart from them the newest 100 refused ones, so that
 * anyone posting unsigned deliveries cannot push the real ones out of the record.
 */
public interface HookDeliveryRepository {
    int KEPT_PER_APP = 1000;
    int REFUSED_KEPT_PER_APP = 100;

    /**
     * Stores the delivery (its {@code id} is ignored) and prunes the app's oldest beyond {@link #KEPT_PER_APP} (refused ones
     * beyond {@link #REFUSED_KEPT_PER_APP}), in one
     * transaction. Empty when the app already has a delivery with this forge and delivery id: a replay, found by the
     * table's unique key (no read-then-insert race); else the id it was given.
     */
    Optional<Long> record(HookDelivery delivery);

    /**
     * Compare-and-set: moves the app's delivery from {@code from} to {@code to} with a new event, ref, detail and
     * receipt time (a refused delivery sent again). False when it is not (or no longer) {@code from}.
     */
    boolean redelivered(HookDelivery delivery, HookOutcome from);

    /** Compare-and-set: the delivery's outcome from {@code from} to {@code to}, with {@code detail}. */
    boolean settle(String app, long id, HookOutcome from, HookOutcome to, String detail);

    /** Every app's deliveries still {@link HookOutcome#ACCEPTED} (a crash came before they settled), oldest first. */
    List<HookDelivery> unsettled();

    /** The app's deliveries, newest first, at most {@code limit}. */
    List<HookDelivery> list(String app, int limit);

    /** The app's delivery with this forge delivery id, if kept. */
    Optional<HookDelivery> find(String app, Forge forge, String deliveryId);
}
