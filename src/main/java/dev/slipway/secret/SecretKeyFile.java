package dev.slipway.secret;

import dev.slipway.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
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
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

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
            if (posix()) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (mode.stream().anyMatch(OTHERS::contains)) {
                    throw Problem.unavailable("the secret key " + file + " may be read or changed by other users (mode "
                            + PosixFilePermissions.toString(mode) + "): run `chmod 600 " + file + "` and consider "
                            + "the secrets leaked — set them again after replacing the key");
                }
            }
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

    /**
     * Written to a temp file that is 0600 from its creation (never briefly readable by others), fsynced, then
     * linked to its name: unlike a rename a link never replaces, so two servers starting at once keep one key.
     */
    private static void create(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, NAME, ".tmp", ownerOnly());
            byte[] key = new byte[LENGTH];
            new SecureRandom().nextBytes(key);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key));
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException another) {
                return; // another server created it first: use theirs
            }
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw Problem.unavailable("cannot create the secret key " + file + ": " + e.getMessage()
                    + " (is the data directory writable?)");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // only the name just linked matters; a leftover temp file is 0600 like the key
                }
            }
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!posix()) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
