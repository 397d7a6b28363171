package dev.slipway.secret;

import dev.slipway.KeyFiles;
import dev.slipway.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key secrets are sealed with: {@code <data>/secret.key}, 32 random bytes readable only by the server's OS
 * user. Created on first start; afterwards a key file others may read, or one of the wrong size, stops the server:
 * quietly using a leaked or damaged key would be worse than not starting. Lose it and the secrets are lost with
 * it, so back it up with the database; replicas sharing a database must share this file too.
 */
public final class SecretKeyFile {
    public static final String NAME = "secret.key";
    static final int LENGTH = 32;

    private SecretKeyFile() {}

    /** Loads {@code <dataDir>/secret.key}, creating it first if there is none. */
    public static SecretKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) {
            create(file);
        }
        return load(file);
    }

    static SecretKey load(Path file) {
        try {
            KeyFiles.requireOwnerOnly(file, "the secret key",
                    "consider the secrets leaked — set them again after replacing the key");
            byte[] key = Files.readAllBytes(file);
            if (key.length != LENGTH) {
                throw Problem.unavailable("the secret key " + file + " holds " + key.length + " bytes, not "
                        + LENGTH + ": restore it from a backup (the secrets cannot be read without the right key)");
            }
            return new SecretKeySpec(key, "AES");
        } catch (IOException e) {
            throw Problem.unavailable("cannot read the secret key " + file + ": " + e.getMessage());
        }
    }

    private static void create(Path file) {
        byte[] key = new byte[LENGTH];
        new SecureRandom().nextBytes(key);
        KeyFiles.createOnce(file, key, "the secret key");
    }
}
