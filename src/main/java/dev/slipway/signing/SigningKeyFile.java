package dev.slipway.signing;

import dev.slipway.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
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
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
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

    static SigningKey load(Path file) {
        try {
            if (posix()) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (mode.stream().anyMatch(OTHERS::contains)) {
                    throw Problem.unavailable("the signing key " + file + " may be read or changed by other users "
                            + "(mode " + PosixFilePermissions.toString(mode) + "): run `chmod 600 " + file + "`, and "
                            + "consider it leaked: what it signs from now on proves less");
                }
            }
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
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            KeyPair pair = KeyPairGenerator.getInstance(SigningKey.ALGORITHM).generateKeyPair();
            String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, NAME, ".tmp", ownerOnly());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
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
            throw Problem.unavailable("cannot create the signing key " + file + ": " + e.getMessage()
                    + " (is the data directory writable?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime makes Ed25519 keys", e);
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

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n";
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
