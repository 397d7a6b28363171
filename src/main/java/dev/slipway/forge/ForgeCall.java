package dev.slipway.forge;

import java.time.Instant;
import java.util.Optional;

/** A call in the outbox, with how sending it went so far. */
public record ForgeCall(long id, NewForgeCall call, Instant createdAt, int attempts, Instant nextAttemptAt,
                        CallOutcome outcome, String lastError, Integer httpStatus, Instant sentAt, String forgeId) {
    public String app() {
        return call.app();
    }

    public CallKind kind() {
        return call.kind();
    }

    public Optional<String> forgeIdentifier() {
        return Optional.ofNullable(forgeId);
    }
}
