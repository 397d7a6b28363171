package dev.slipway.signing;

import dev.slipway.KeyFiles;
import dev.slipway.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's signing key: {@code <data>/signing.key}, an Ed25519 key pair as PEM (PKCS#8 private key, then the
 * X.509 public key: Java cannot derive one from the other), readable only by the server's OS user. Created on
 * first start; afterwards a file others may read, or one that does not hold a matching pair, stops the server.
 * Back it up with the database: a new key cannot vouch for what the old one signed.
 */
public final class SigningKeyFile {
    public static final String NAME = "signing.key";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private SigningKeyFile() {}

    /** Loads {@code <dataDir>/signing.key}, creating it first if there is none. */
    public static SigningKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) {
            create(file);
        }
        return load(file);
    }

    /**
     * Rotation: a new pair replaces {@code <dataDir>/signing.key} (temp file, fsync, rename: a crash leaves the old
     * key or the new one, never a torn file). The caller has already kept the old public key (see {@link SigningKeys}).
     */
    static SigningKey replace(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            KeyPair pair = KeyPairGenerator.getInstance(SigningKey.ALGORITHM).generateKeyPair();
            String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
            KeyFiles.replace(file, text.getBytes(StandardCharsets.US_ASCII), "the signing key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime makes Ed25519 keys", e);
        }
        return load(file);
    }

    /** A PEM {@code PUBLIC KEY} block's key, or an exception naming {@code where}. */
    static java.security.PublicKey publicKey(String pem, String where) {
        try {
            return KeyFactory.getInstance(SigningKey.ALGORITHM).generatePublic(
                    new X509EncodedKeySpec(block(pem, "PUBLIC KEY", Path.of(where))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw Problem.unavailable(where + " holds no Ed25519 public key (" + e.getMessage() + ")");
        }
    }

    static SigningKey load(Path file) {
        try {
            KeyFiles.requireOwnerOnly(file, "the signing key",
                    "consider it leaked: what it signs from now on proves less");
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            KeyFactory keys = KeyFactory.getInstance(SigningKey.ALGORITHM);
            KeyPair pair = new KeyPair(keys.generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY", file))),
                    keys.generatePrivate(new PKCS8EncodedKeySpec(block(text, "PRIVATE KEY", file))));
            SigningKey key = new SigningKey(pair);
            byte[] probe = ("slipway signing key check " + file).getBytes(StandardCharsets.UTF_8);
            if (!key.verifies(probe, key.sign(probe))) {
                throw damaged(file, "its public key does not belong to its private key");
            }
            return key;
        } catch (IOException e) {
            throw Problem.unavailable("cannot read the signing key " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw damaged(file, "it holds no Ed25519 key (" + e.getMessage() + ")");
        }
    }

    private static byte[] block(String text, String label, Path file) {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
        }
        throw damaged(file, "it has no " + label + " block");
    }

    private static Problem damaged(Path file, String why) {
        return Problem.unavailable("the signing key " + file + " is damaged: " + why + ". Restore it from a backup; "
                + "or, to start with a new key, move it away (checkpoints it signed then need its public key, kept "
                + "elsewhere, to be verified)");
    }

    /**
     * A new pair written to a temp file that is 0600 from its creation, fsynced, then linked to its name: unlike a
     * rename a link never replaces, so two servers starting at once keep one key.
     */
    private static void create(Path file) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(SigningKey.ALGORITHM).generateKeyPair();
            String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
            KeyFiles.createOnce(file, text.getBytes(StandardCharsets.US_ASCII), "the signing key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime makes Ed25519 keys", e);
        }
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
