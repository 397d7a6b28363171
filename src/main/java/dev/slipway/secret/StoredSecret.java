package dev.slipway.secret;

import java.time.Instant;
import java.util.Objects;

/** A secret as it is kept: its value only as {@link SecretBox} ciphertext, and who set it last, when. */
public record StoredSecret(SecretId id, String ciphertext, Instant updatedAt, String updatedBy) {
    public StoredSecret {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }

    /** Never the ciphertext either: it has no business in a log line or a test failure message. */
    @Override
    public String toString() {
        return "StoredSecret[" + id.app() + " " + id.label() + ", updated " + updatedAt + " by " + updatedBy + "]";
    }
}
