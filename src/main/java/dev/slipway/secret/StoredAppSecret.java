package dev.slipway.secret;

import java.time.Instant;
import java.util.Objects;

/** An app-wide secret as it is kept: its value only as {@link SecretBox} ciphertext, and who set it last, when. */
public record StoredAppSecret(AppSecretId id, String ciphertext, Instant updatedAt, String updatedBy) {
    public StoredAppSecret {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }

    @Override
    public String toString() {
        return "StoredAppSecret[" + id.app() + " " + id.label() + ", updated " + updatedAt + " by " + updatedBy + "]";
    }
}
