package dev.slipway.environment.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The router process's directory, {@code <data>/router}: {@code routes.json} (the last routes it was given, served
 * from when it starts), {@code router.pid} (who runs, since when, and its control port), {@code control.token} (the
 * shared secret of the control channel, 0600) and {@code router.lock}. Every file is written atomically: temp,
 * fsync, rename, fsync of the directory.
 */
public record RouterFiles(Path dir) {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * What {@code router.pid} says: the router's process (pid + start ticks), where its control channel is and the
     * address it serves the environments on.
     */
    public record Running(long pid, long startTicks, int controlPort, String host) {}

    record Table(List<RouteEntry> routes) {
        Table {
            routes = routes == null ? List.of() : List.copyOf(routes);
        }
    }

    public static RouterFiles in(Path data) {
        return new RouterFiles(data.resolve("router"));
    }

    Path routes() {
        return dir.resolve("routes.json");
    }

    public Path pidFile() {
        return dir.resolve("router.pid");
    }

    Path token() {
        return dir.resolve("control.token");
    }

    Path lock() {
        return dir.resolve("router.lock");
    }

    public Path log() {
        return dir.resolve("router.log");
    }

    /** The routes last written; none if there is no file yet. A file that cannot be read is an error that says which. */
    List<RouteEntry> readRoutes() throws IOException {
        try {
            return JSON.readValue(Files.readAllBytes(routes()), Table.class).routes();
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(routes() + " cannot be read (" + e.getMessage() + "): fix or delete it; Slipway "
                    + "sends the full route table again when it starts", e);
        }
    }

    void writeRoutes(List<RouteEntry> routes) throws IOException {
        writeAtomically(routes(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Table(routes)));
    }

    public Optional<Running> readRunning() {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(pidFile()), Running.class));
        } catch (IOException e) {
            return Optional.empty(); // none, or half a file from a crash: either way no router to trust
        }
    }

    void writeRunning(Running running) throws IOException {
        writeAtomically(pidFile(), JSON.writeValueAsBytes(running));
    }

    /** The control channel's secret: created once (random, 0600), refused if others may read it. */
    String loadOrCreateToken() throws IOException {
        Files.createDirectories(dir);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path temp = Files.createTempFile(dir, ".token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, HexFormat.of().formatHex(random));
            sync(temp);
            Files.createLink(token(), temp); // never replaces a token a running router already uses
            syncDirectory();
        } catch (FileAlreadyExistsException existing) {
            // someone created it first: theirs is the secret
        } finally {
            Files.deleteIfExists(temp);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(token());
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException(token() + " may be read by others (" + PosixFilePermissions.toString(permissions)
                    + "): it lets whoever reads it redirect every environment's traffic; run `chmod 600 " + token()
                    + "`");
        }
        return Files.readString(token(), StandardCharsets.UTF_8).strip();
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.write(temp, content);
            sync(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
            syncDirectory();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
