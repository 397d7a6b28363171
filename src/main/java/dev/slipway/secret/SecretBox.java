package dev.slipway.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secret values with AES-256-GCM. Each value gets a fresh random 12-byte nonce, and the secret's id (app,
 * environment, name) is authenticated with it, so a ciphertext copied onto another secret's row does not open.
 *
 * <p>Format, versioned so the key or algorithm can change later: {@code v1:} + base64(nonce ‖ ciphertext ‖ 16-byte tag).
 */
public final class SecretBox {
    static final String VERSION = "v1:";
    private static final String ALGORITHM = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "slipway secret v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] APP_WIDE_CONTEXT = "slipway app-wide secret v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TARGET_KEY_CONTEXT = "slipway target key v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(SecretKey key) {
        if (key.getEncoded() == null || key.getEncoded().length != SecretKeyFile.LENGTH) {
            throw new IllegalArgumentException("a secret key must be " + SecretKeyFile.LENGTH + " bytes (AES-256)");
        }
        this.key = key;
    }

    public String seal(SecretId id, String value) {
        return seal(associatedData(id), value);
    }

    /** App-wide secrets are sealed under their own context, so no environment secret's ciphertext opens as one. */
    public String seal(AppSecretId id, String value) {
        return seal(associatedData(id), value);
    }

    /** A target's TLS client key, under its own context: no secret's ciphertext opens as one, nor the reverse. */
    public String seal(TargetKeyId id, String value) {
        return seal(associatedData(id), value);
    }

    public String open(SecretId id, String sealed) {
        return open(associatedData(id), sealed, why -> new UnreadableSecretException(id, why));
    }

    public String open(AppSecretId id, String sealed) {
        return open(associatedData(id), sealed, why -> new UnreadableSecretException(id, why));
    }

    public String open(TargetKeyId id, String sealed) {
        return open(associatedData(id), sealed, why -> new UnreadableSecretException(id, why));
    }

    private String seal(byte[] associatedData, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot encrypt with " + ALGORITHM, e);
        }
    }

    /** @throws UnreadableSecretException when the text was not sealed for this id with this key, or was altered */
    private String open(byte[] associatedData, String sealed,
                        java.util.function.Function<String, UnreadableSecretException> unreadable) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw unreadable.apply("it is not in a format this Slipway knows (expected " + VERSION + "…)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw unreadable.apply("it is not valid base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw unreadable.apply("it is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            byte[] value = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(value, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw unreadable.apply("it was sealed with another key (is this the data directory's own secret.key?), "
                    + "for another secret, or altered in the database");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot decrypt with " + ALGORITHM, e);
        }
    }

    /** Length-prefixed parts, so no two ids share an encoding whatever characters they hold. */
    static byte[] associatedData(SecretId id) {
        return lengthPrefixed(CONTEXT, utf8(id.app()), utf8(id.environment()), utf8(id.name()));
    }

    static byte[] associatedData(AppSecretId id) {
        return lengthPrefixed(APP_WIDE_CONTEXT, utf8(id.app()), utf8(id.name()));
    }

    static byte[] associatedData(TargetKeyId id) {
        return lengthPrefixed(TARGET_KEY_CONTEXT, utf8(id.target()));
    }

    private static byte[] lengthPrefixed(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += 4 + part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
