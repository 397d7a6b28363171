package dev.slipway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** The server's key files (secret key, signing key): readable by its OS user only, and created once. */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles() {}

    /**
     * Refuses a key file others may read or change. {@code what} names it ("the secret key"), {@code consequence}
     * says what its exposure means and what to do after the chmod.
     */
    public static void requireOwnerOnly(Path file, String what, String consequence) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.stream().anyMatch(OTHERS::contains)) {
            throw Problem.unavailable(what + " " + file + " may be read or changed by other users (mode "
                    + PosixFilePermissions.toString(mode) + "): run `chmod 600 " + file + "`, and " + consequence);
        }
    }

    /**
     * Writes {@code content} to a temp file that is 0600 from its creation (never briefly readable by others),
     * fsynced, then linked to its name: unlike a rename a link never replaces, so two servers starting at once keep
     * one key (the second one's content is dropped). {@code what} names the file in errors.
     */
    public static void createOnce(Path file, byte[] content, String what) {
        write(file, content, "create " + what, (temp, name) -> {
            try {
                Files.createLink(name, temp);
                return true;
            } catch (FileAlreadyExistsException another) {
                return false; // another server created it first: use theirs
            }
        });
    }

    /**
     * Replaces {@code file} with {@code content}, crash-safely: a 0600 temp file beside it, fsynced, renamed over the
     * name (atomic: a reader sees the old content or the new, never a mix), then the directory fsynced so the rename
     * survives a power cut. {@code what} names the file in errors.
     */
    public static void replace(Path file, byte[] content, String what) {
        write(file, content, "write " + what, (temp, name) -> {
            Files.move(temp, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        });
    }

    /** How a written temp file takes the file's name; false when it did not (nothing to make durable). */
    private interface Placement {
        boolean place(Path temp, Path file) throws IOException;
    }

    /**
     * The temp file (0600, fsynced) beside {@code file}, placed under its name, then the directory fsynced so the name
     * survives a power cut; the temp file is removed whatever happens (only the placed name matters, and a leftover
     * temp file is 0600 like the key).
     */
    private static void write(Path file, byte[] content, String doing, Placement placement) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", ownerOnly());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            if (!placement.place(temp, file)) {
                return;
            }
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw Problem.unavailable("cannot " + doing + " " + file + ": " + e.getMessage()
                    + " (is the data directory writable?)");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // see above: a leftover temp file is harmless
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
