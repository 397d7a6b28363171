package dev.slipway.secret;

import java.util.Objects;

/** Which target a sealed TLS client key belongs to: the name is authenticated with the ciphertext. */
public record TargetKeyId(String target) {
    public TargetKeyId {
        Objects.requireNonNull(target, "target");
    }
}
