package dev.slipway.forge;

import java.time.Instant;
import java.util.Objects;

/**
 * One webhook delivery as an app received it. {@code id} counts per app (0 for one not stored yet); {@code deliveryId}
 * is the forge's (GitHub's X-GitHub-Delivery, …); {@code ref} is null for an event that names none.
 */
public record HookDelivery(String app, long id, Forge forge, String deliveryId, String event, String ref,
                           Instant receivedAt, HookOutcome outcome, String detail) {
    public HookDelivery {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(forge, "forge");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(outcome, "outcome");
    }
}
