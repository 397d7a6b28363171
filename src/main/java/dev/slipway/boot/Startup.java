package dev.slipway.boot;

import dev.slipway.Problem;
import dev.slipway.environment.PortAllocator;
import dev.slipway.pipeline.Durations;
import dev.slipway.process.Sandbox;
import dev.slipway.secret.SecretBox;
import dev.slipway.secret.SecretKeyFile;
import dev.slipway.signing.SigningKeys;
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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server checks and opens before it wires anything: the data directory (locked), the port, the database
 * (locked on PostgreSQL), the secret key, its settings from the environment; and how its threads are named. Each
 * failure is a {@link StartupException} that says what to do.
 */
final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
    static final Path BWRAP = Path.of("/usr/bin/bwrap");

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
    static SigningKeys signingKeys(Path data) {
        try {
            return SigningKeys.loadOrCreate(data);
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
     * checks it can be written and makes it the server's alone (0700: it holds the admin token, the key and the
     * database). Returns the lock, which knows the directory.
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
        } catch (IOException | SecurityException e) {
            closeQuietly(lock);
            throw notWritable(data, e);
        }
        try {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            return lock;
        } catch (IOException | SecurityException e) {
            closeQuietly(lock);
            throw new StartupException("cannot make the data directory " + data + " readable by this OS user only ("
                    + e.getMessage() + "): run `chmod 700 " + data + "` as its owner, or choose another with --data DIR", e);
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

    /**
     * The SQLite database and its -wal, -shm and -journal files readable by this OS user only. An empty database
     * file is created first with that mode, since SQLite gives the files it creates next to it the database's mode.
     */
    static void privateDatabaseFiles(Path database) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            if (!Files.exists(database)) {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Path file = database.resolveSibling(database.getFileName() + suffix);
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, ownerOnly);
                }
            }
        } catch (IOException | SecurityException e) {
            throw new StartupException("cannot make the database " + database + " readable by this OS user only ("
                    + e.getMessage() + "): run `chmod 600 " + database + "*` as its owner", e);
        }
    }

    /**
     * Where jobs and services run. Isolated unless the admin opted out, with the data directory and this user's HOME
     * hidden; a host where bubblewrap is missing or does not work stops the server, with what to do.
     */
    static Sandbox sandbox(boolean isolation, Path data, Path bwrap) {
        Map<String, String> env = System.getenv();
        if (!isolation) {
            LOG.warn("ISOLATION IS OFF (--no-isolation or SLIPWAY_ISOLATION=off): jobs and services run unconfined as "
                    + "this OS user and can read the data directory {} (admin token, secret key, database), other apps' "
                    + "workspaces and deployments, this user's HOME and, through /proc, the server's environment. Any "
                    + "developer who can push can act as admin, and processes a job moves to a session of its own "
                    + "(setsid, daemons) can outlive it. Use this only where every developer may be an admin.", data);
            return Sandbox.unconfined(env);
        }
        if (!Files.isExecutable(bwrap)) {
            throw new StartupException("jobs and services cannot be isolated: " + bwrap + " is missing. Install bubblewrap "
                    + "(apt-get install bubblewrap), or start with --no-isolation (or SLIPWAY_ISOLATION=off) to run them "
                    + "unconfined, which lets any developer read the data directory and act as admin", null);
        }
        List<Path> hidden = new ArrayList<>(List.of(data));
        for (String home : new String[] {env.get("HOME"), System.getProperty("user.home")}) {
            if (home != null && !home.isBlank() && Path.of(home).toAbsolutePath().getParent() != null) {
                hidden.add(Path.of(home).toAbsolutePath());
            }
        }
        try {
            Sandbox sandbox = Sandbox.isolating(bwrap, hidden, env);
            sandbox.probe(data);
            return sandbox;
        } catch (IOException e) {
            throw new StartupException("jobs and services cannot be isolated: a test run of " + bwrap + " failed ("
                    + e.getMessage() + "). bubblewrap must be allowed to create mount and PID namespaces (in a "
                    + "container: e.g. docker run --privileged, or a seccomp profile that permits them); or start "
                    + "with --no-isolation (or SLIPWAY_ISOLATION=off) to run them unconfined, which lets any developer "
                    + "read the data directory and act as admin", e);
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
