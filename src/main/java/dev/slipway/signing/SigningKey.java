package dev.slipway.signing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The server's Ed25519 key (see {@link SigningKeyFile}): it signs what Slipway vouches for to people outside it
 * (audit checkpoints, build provenance). Its public part is public: {@link #id()}, {@link #publicKeyPem()}.
 */
public final class SigningKey {
    public static final String ALGORITHM = "Ed25519";
    /** An X.509 Ed25519 public key is this fixed prefix and the 32 raw key bytes (RFC 8410). */
    private static final int SPKI_PREFIX = 12;

    private final KeyPair pair;
    private final String id;

    SigningKey(KeyPair pair) {
        this.pair = pair;
        this.id = idOf(pair.getPublic());
    }

    PublicKey publicKey() {
        return pair.getPublic();
    }

    /** The first 16 hex digits of the SHA-256 of the raw 32-byte public key: names the key in what it signs. */
    public String id() {
        return id;
    }

    /** The public key as {@code -----BEGIN PUBLIC KEY-----} PEM (X.509 SubjectPublicKeyInfo), as openssl reads it. */
    public String publicKeyPem() {
        return SigningKeyFile.pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** The raw 32-byte public key, as most Ed25519 libraries take it. */
    public byte[] publicKeyRaw() {
        return raw(pair.getPublic());
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(pair.getPrivate());
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime signs with Ed25519", e);
        }
    }

    /** Whether {@code signature} is this key's signature of {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        return verifies(pair.getPublic(), message, signature);
    }

    static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a signature of the wrong length or form verifies nothing
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime verifies Ed25519", e);
        }
    }

    static String idOf(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw(key));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, SPKI_PREFIX, encoded.length);
    }

    @Override
    public String toString() {
        return "SigningKey[" + ALGORITHM + " " + id + "]"; // never the private part
    }
}
