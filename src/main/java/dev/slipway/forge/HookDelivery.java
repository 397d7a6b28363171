package dev.slipway.forge;

import java.time.Instant;
import java.util.Objects;

/**
 * One webhook delivery as an app received it. {@code id} counts per app (0 for one not stored yet); {@code deliveryId}
 * is the forge's (GitHub's X-GitHub-Delivery, …); {@code ref} is null for an event that names none. {@code before},
 * {@code after} and {@code login} are what a push delivery hinted (null when it named none), kept so that one accepted
 * but not settled before a crash is hinted again when the server starts.
 */
public record HookDelivery(String app, long id, Forge forge, String deliveryId, String event, String ref,
                           Instant receivedAt, HookOutcome outcome, String detail, String before, String after,
                           String login) {
    public HookDelivery {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(forge, "forge");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(outcome, "outcome");
    }
}
