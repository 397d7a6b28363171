package dev.slipway.signing;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;

/**
 * The public part of one of the server's signing keys, current or retired: what {@code /api/v1/keys} lists and what
 * signatures made with it are checked against. {@code retiredAt} is empty for the current key.
 */
public final class PublicSigningKey {
    private final PublicKey key;
    private final String id;
    private final Instant retiredAt;

    PublicSigningKey(PublicKey key, Instant retiredAt) {
        this.key = key;
        this.id = SigningKey.idOf(key);
        this.retiredAt = retiredAt;
    }

    /** 16 lower-case hex digits: the first 8 bytes of the SHA-256 of the raw public key (see {@link SigningKey#id()}). */
    public String id() {
        return id;
    }

    public boolean current() {
        return retiredAt == null;
    }

    /** When {@code slipway keys rotate} replaced it; empty for the current key. */
    public Optional<Instant> retiredAt() {
        return Optional.ofNullable(retiredAt);
    }

    public String publicKeyPem() {
        return SigningKeyFile.pem("PUBLIC KEY", key.getEncoded());
    }

    public byte[] publicKeyRaw() {
        return SigningKey.raw(key);
    }

    /** Whether {@code signature} is this key's signature of {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        return SigningKey.verifies(key, message, signature);
    }

    PublicKey key() {
        return key;
    }
}
