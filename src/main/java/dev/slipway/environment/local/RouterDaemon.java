package dev.slipway.environment.local;

import dev.slipway.process.ProcessId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router as its own process ({@code slipway router}): a {@link LocalRouter} serving the routes in
 * {@code routes.json} from the moment it starts, changed only through its control channel ({@link RouterControl}),
 * each change written to the file before it is served. It holds {@code router.lock}, so one data directory has one
 * router, and announces itself in {@code router.pid}. It knows nothing of Slipway's database: traffic keeps flowing
 * while Slipway is down.
 */
public final class RouterDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouterDaemon.class);

    private final RouterFiles files;
    private final FileChannel lockChannel;
    private final LocalRouter router;
    private final Map<Integer, RouteEntry> table = new TreeMap<>();
    private RouterControl control;

    private RouterDaemon(RouterFiles files, FileChannel lockChannel, LocalRouter router) {
        this.files = files;
        this.lockChannel = lockChannel;
        this.router = router;
    }

    /** Takes the lock, serves the routes file, opens the control channel, then writes router.pid. */
    public static RouterDaemon start(RouterFiles files, String host) throws IOException {
        Files.createDirectories(files.dir());
        FileChannel lockChannel = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another router already serves " + files.dir() + " (pid "
                    + files.readRunning().map(r -> Long.toString(r.pid())).orElse("unknown") + ")");
        }
        RouterDaemon daemon = new RouterDaemon(files, lockChannel, new LocalRouter(host));
        try {
            String token = files.loadOrCreateToken();
            for (RouteEntry entry : files.readRoutes()) {
                daemon.table.put(entry.port(), entry);
                entry.applyTo(daemon.router);
            }
            log.info("router: serving {} route(s) from {}", daemon.table.size(), files.dir());
            daemon.control = RouterControl.start(daemon, token);
            long pid = ProcessHandle.current().pid();
            files.writeRunning(new RouterFiles.Running(pid, ProcessId.of(pid).orElseThrow().startTicks(),
                    daemon.control.port(), host));
            return daemon;
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    public int controlPort() {
        return control.port();
    }

    public int routeCount() {
        synchronized (table) {
            return table.size();
        }
    }

    /** One environment's change: written, then served, in one step for all of its traffic. */
    void put(RouteEntry entry) throws IOException {
        synchronized (table) {
            Map<Integer, RouteEntry> next = new TreeMap<>(table);
            next.put(entry.port(), entry);
            files.writeRoutes(new ArrayList<>(next.values()));
            table.put(entry.port(), entry);
            entry.applyTo(router);
        }
    }

    /** The environment on this port is gone: stop listening there. */
    void remove(int port) throws IOException {
        synchronized (table) {
            if (!table.containsKey(port)) {
                return;
            }
            Map<Integer, RouteEntry> next = new TreeMap<>(table);
            next.remove(port);
            files.writeRoutes(new ArrayList<>(next.values()));
            table.remove(port);
            router.release(port);
        }
    }

    /** Slipway's whole table (on its start): each entry applied, every port not in it released. */
    void replace(List<RouteEntry> entries) throws IOException {
        synchronized (table) {
            Map<Integer, RouteEntry> next = new TreeMap<>();
            entries.forEach(entry -> next.put(entry.port(), entry));
            files.writeRoutes(new ArrayList<>(next.values()));
            for (Integer port : List.copyOf(table.keySet())) {
                if (!next.containsKey(port)) {
                    table.remove(port);
                    router.release(port);
                }
            }
            next.values().forEach(entry -> {
                table.put(entry.port(), entry);
                entry.applyTo(router);
            });
        }
    }

    List<RouteEntry> routes() {
        synchronized (table) {
            return List.copyOf(table.values());
        }
    }

    /** Why the router cannot listen on each port it should serve, for those it cannot. */
    Map<Integer, String> unavailable() {
        Map<Integer, String> why = new LinkedHashMap<>();
        for (RouteEntry entry : routes()) {
            unavailable(entry.port()).ifPresent(reason -> why.put(entry.port(), reason));
        }
        return why;
    }

    Optional<String> unavailable(int port) {
        return router.unavailable(port);
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        try {
            router.close();
        } catch (Exception e) {
            log.warn("router: stopping the proxy failed: {}", e.toString());
        }
        try {
            lockChannel.close(); // releases the lock
        } catch (IOException e) {
            log.warn("router: releasing {} failed: {}", files.lock(), e.toString());
        }
    }
}
