package dev.slipway.auth;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: creates user "admin" with the admin role on every app and a token, written to
 * {@code <data>/admin.token} readable only by the server's OS user. The token itself is never logged.
 */
public final class Bootstrap {
    static final String ADMIN = "admin";
    static final String TOKEN_FILE = "admin.token";
    private static final String ACTOR = "slipway";
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final Accounts accounts;
    private final UserRepository users;
    private final Transactions transactions;

    public Bootstrap(Accounts accounts, UserRepository users, Transactions transactions) {
        this.accounts = accounts;
        this.users = users;
        this.transactions = transactions;
    }

    /** The token file's path if this start created the admin; empty when users already exist. */
    public Optional<Path> ensureAdmin(Path dataDir, Optional<String> presetToken) {
        presetToken.ifPresent(Bootstrap::checkPreset);
        if (!users.list().isEmpty()) {
            presetToken.ifPresent(t -> LOG.info("users exist already: SLIPWAY_ADMIN_TOKEN is ignored"));
            return Optional.empty();
        }
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            // The file is written inside the transaction: if it cannot be written the rows roll back, so there is
            // never an admin whose token nobody has, and the next start tries again. Rows go first, so a replica
            // that loses the race to create the admin fails before it writes a file.
            transactions.run(() -> {
                accounts.createUser(ACTOR, ADMIN);
                accounts.grant(ACTOR, ADMIN, Role.ADMIN, Grant.EVERY_APP);
                String token = presetToken.orElseGet(accounts::newToken);
                accounts.issueForever(ACTOR, ADMIN, token);
                writePrivately(file, token);
            });
        } catch (RuntimeException e) {
            if (createdByAnother(e)) {
                LOG.info("another Slipway server created the admin user first");
                return Optional.empty();
            }
            throw e;
        }
        LOG.info("created user '{}' with the admin role; its API token is in {} (readable only by this OS user)",
                ADMIN, file);
        return Optional.of(file);
    }

    private boolean createdByAnother(RuntimeException failure) {
        try {
            return users.find(ADMIN).isPresent();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static void checkPreset(String token) {
        if (!TokenFormat.isAcceptablePreset(token)) {
            // The length is safe to say; the value is not.
            throw Problem.invalid("SLIPWAY_ADMIN_TOKEN must be " + TokenFormat.MIN_PRESET_LENGTH + " to "
                    + TokenFormat.MAX_LENGTH + " printable ASCII characters without spaces (it has "
                    + token.length() + " characters)");
        }
    }

    /** Temp file created 0600 (never briefly world-readable), fsynced, renamed atomically over any old file. */
    private static void writePrivately(Path file, String token) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, TOKEN_FILE, ".tmp", ownerOnly());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw Problem.unavailable("cannot write the admin token to " + file + ": " + e.getMessage()
                    + " (is the data directory writable?)");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temp file holds a token that never became valid; the error above matters more
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
