package dev.slipway.boot;

import dev.slipway.Problem;
import dev.slipway.environment.PortAllocator;
import dev.slipway.pipeline.Durations;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretKeyFile;
import dev.slipway.signing.SigningKey;
import dev.slipway.signing.SigningKeyFile;
import dev.slipway.store.Database;
import dev.slipway.store.DatabaseInUseException;
import dev.slipway.store.DatabaseLock;
import dev.slipway.store.DatabaseUnavailableException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server checks and opens before it wires anything: the data directory (locked), the port, the database
 * (locked on PostgreSQL), the secret key, its settings from the environment; and how its threads are named. Each
 * failure is a {@link StartupException} that says what to do.
 */
final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private Startup() {
    }

    /** How often idle per-branch environments are looked for: SLIPWAY_IDLE_SWEEP (e.g. "1s"), default 30s. */
    static Duration idleSweepInterval() {
        return interval("SLIPWAY_IDLE_SWEEP", Duration.ofSeconds(30), "a sweep interval");
    }

    /** How often open event streams re-check their caller: SLIPWAY_STREAM_RECHECK (e.g. "1s"), default 5s. */
    static Duration streamRecheckInterval() {
        return interval("SLIPWAY_STREAM_RECHECK", Duration.ofSeconds(5), "a stream re-check interval");
    }

    private static Duration interval(String variable, Duration fallback, String what) {
        String text = System.getenv(variable);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration every = Durations.parse(text.trim());
            if (every.isZero()) {
                throw new IllegalArgumentException("it must be more than 0");
            }
            return every;
        } catch (IllegalArgumentException e) {
            throw new StartupException(variable + "='" + text + "' is not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * One start-up recovery step. Each step goes on past a record it cannot settle; a step that fails as a whole
     * (its database read, say) is logged too: recovery never keeps the server from starting.
     */
    static void recover(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("{} failed; the server starts anyway and tries again on the next start", what, e);
        }
    }

    static SecretBox secretBox(Path data) {
        try {
            return new SecretBox(SecretKeyFile.loadOrCreate(data));
        } catch (Problem e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The server's signing key, {@code <data>/signing.key}: created on first start, refused if others may read it. */
    static SigningKey signingKey(Path data) {
        try {
            return SigningKeyFile.loadOrCreate(data);
        } catch (Problem e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    static Database open(String url) {
        try {
            return Database.open(url);
        } catch (DatabaseUnavailableException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * Creates the data directory if needed and locks it for this server before anything else touches it, then
     * checks it can be written. Returns the lock, which knows the directory.
     */
    static DataDirLock claimDataDir(Path dir) {
        Path data = dir.toAbsolutePath().normalize();
        DataDirLock lock;
        try {
            Files.createDirectories(data);
            lock = DataDirLock.take(data);
        } catch (IOException | SecurityException e) {
            throw notWritable(data, e);
        }
        try {
            Path probe = Files.createTempFile(data, ".write-check", ".tmp");
            Files.delete(probe);
            return lock;
        } catch (IOException | SecurityException e) {
            closeQuietly(lock);
            throw notWritable(data, e);
        }
    }

    private static StartupException notWritable(Path data, Exception e) {
        return new StartupException("the data directory " + data + " is not writable (" + e.getMessage()
                + "): choose another with --data DIR or fix its permissions", e);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while stopping: {}", e.toString());
        }
    }

    /** On PostgreSQL, this server's claim on the database, before it is migrated or recovered (see DatabaseLock). */
    static DatabaseLock lockDatabase(String url) {
        try {
            return DatabaseLock.take(url, DataDirLock.Holder.current().describe());
        } catch (DatabaseInUseException | DatabaseUnavailableException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    static int checkPortFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, address(host))) {
            socket.setReuseAddress(true);
            return port;
        } catch (BindException e) {
            throw new StartupException(portMessage(host, port), e);
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    static String portMessage(String host, int port) {
        return "port " + port + " on " + host + " is already in use: stop the program using it or start Slipway "
                + "with --port N";
    }

    static int freePort(String host) {
        return new PortAllocator(address(host)).allocate();
    }

    static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new StartupException("cannot resolve --host " + host + ": " + e.getMessage(), e);
        }
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
