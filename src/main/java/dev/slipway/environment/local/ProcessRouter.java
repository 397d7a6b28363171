package dev.slipway.environment.local;

import dev.slipway.environment.Upstream;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.environment.PortUnavailableException;
import dev.slipway.environment.Router;
import dev.slipway.process.ProcessId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's side of the router process ({@link RouterDaemon}): starts it if none runs, and sends it every route
 * change over its control channel, one whole entry per environment, returning once the router serves it. It keeps
 * the table it sent: a router that died is started again and given the whole table, and on Slipway's start
 * {@link #resync} replaces what the router holds with that table (a route of an environment deleted meanwhile is
 * dropped). It watches the process and starts a dead one again at once. Closing
 * it leaves the router running; {@link #stopProcess} stops it.
 */
public final class ProcessRouter implements Router, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessRouter.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How often the router process is checked to be alive (pid + start time: a read of /proc). */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    private final RouterLauncher launcher;
    private final RouterFiles files;
    private final String host;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Integer, RouteEntry> table = new TreeMap<>();
    private volatile RouterFiles.Running running;
    private volatile String trouble;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "router-watch");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessRouter(RouterLauncher launcher, RouterFiles files, String host, String token) {
        this.launcher = launcher;
        this.files = files;
        this.host = host;
        this.token = token;
    }

    /** Connects to the data directory's router process, starting it if none runs, and learns the table it serves. */
    public static ProcessRouter connect(Path data, String host, Duration startTimeout) throws IOException {
        RouterFiles files = RouterFiles.in(data);
        ProcessRouter router = new ProcessRouter(new RouterLauncher(files, host, startTimeout), files, host,
                files.loadOrCreateToken());
        synchronized (router) {
            router.running = router.launcher.ensureRunning(router::answers);
            JsonNode served = router.send("GET", "/routes", null);
            for (JsonNode entry : served.path("routes")) {
                RouteEntry route = RouterFiles.JSON.treeToValue(entry, RouteEntry.class);
                router.table.put(route.port(), route);
            }
        }
        log.info("router: its process (pid {}) serves {} route(s)", router.running.pid(), router.table.size());
        router.watch.scheduleWithFixedDelay(router::keepRunning, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return router;
    }

    /**
     * A router process that died while this server runs is started again and given the whole table at once, not
     * at the next route change: every environment's address depends on it.
     */
    private void keepRunning() {
        RouterFiles.Running now = running;
        if (now != null && new ProcessId(now.pid(), now.startTicks()).isAlive()) {
            return;
        }
        synchronized (this) {
            log.warn("router: its process (pid {}) is gone; starting it again", now == null ? "none" : now.pid());
            restart();
        }
    }

    /** The router process's pid, as its pid file names it. */
    public synchronized long pid() {
        return running.pid();
    }

    @Override
    public void route(String app, String environment, int publicPort, int upstreamPort) {
        route(app, environment, publicPort, List.of(Upstream.local(upstreamPort)));
    }

    /** All of an environment's upstreams at once: the router balances across them (round-robin). */
    @Override
    public void route(String app, String environment, int publicPort, List<Upstream> upstreams) {
        put(upstreams.isEmpty() ? RouteEntry.nothing(app, environment, publicPort)
                : RouteEntry.to(app, environment, publicPort, upstreams));
    }

    @Override
    public void unroute(String app, String environment, int publicPort) {
        put(RouteEntry.nothing(app, environment, publicPort));
    }

    @Override
    public void down(String app, String environment, int publicPort, String state) {
        put(RouteEntry.down(app, environment, publicPort, state));
    }

    @Override
    public synchronized void open(String app, String environment, int publicPort) {
        RouteEntry held = table.get(publicPort);
        if (held != null && held.app().equals(app) && held.environment().equals(environment)) {
            return;
        }
        put(RouteEntry.nothing(app, environment, publicPort));
    }

    @Override
    public synchronized void release(int publicPort) {
        table.remove(publicPort);
        call("DELETE", "/routes/" + publicPort, null);
    }

    @Override
    public String url(int publicPort) {
        return "http://" + host + ":" + publicPort;
    }

    @Override
    public Optional<String> unavailable(int publicPort) {
        String now = trouble;
        if (now != null) {
            return Optional.of(now);
        }
        try {
            JsonNode served = sendOnce("GET", "/routes/" + publicPort, null);
            return Optional.ofNullable(served.path("unavailable").textValue());
        } catch (IOException e) {
            return Optional.of(notRunning(e));
        }
    }

    @Override
    public synchronized boolean move(String app, String environment, int from, int to, BooleanSupplier commit)
            throws PortUnavailableException {
        RouteEntry other = table.get(to);
        if (other != null) {
            throw new PortUnavailableException(to, "port " + to + " is environment " + other.environment()
                    + " of app '" + other.app() + "'");
        }
        RouteEntry old = Optional.ofNullable(table.get(from)).orElse(RouteEntry.nothing(app, environment, from));
        put(old.at(to)); // listens on the new port first: no moment where neither does
        Optional<String> why = unavailable(to);
        if (why.isPresent()) {
            release(to);
            throw new PortUnavailableException(to, why.get());
        }
        boolean committed;
        try {
            committed = commit.getAsBoolean();
        } catch (RuntimeException | Error e) {
            release(to);
            throw e;
        }
        if (!committed) {
            release(to);
            return false;
        }
        release(from);
        log.info("{}/{}: moved from port {} to port {}", app, environment, from, to);
        return true;
    }

    /**
     * After Slipway's start-up recovery (which routed each environment again): the router's whole table becomes
     * this server's, keeping only the ports of environments that exist ({@code ports}), so a route of an
     * environment removed while Slipway was down stops being served.
     */
    public synchronized void resync(Set<Integer> ports) {
        table.keySet().retainAll(ports);
        call("PUT", "/routes", new RouterFiles.Table(new ArrayList<>(table.values())));
        log.info("router: re-synchronised, {} route(s)", table.size());
    }

    /** server --stop-services: the router goes too (else it outlives the server, like the services). */
    public void stopProcess() {
        launcher.stop(Duration.ofSeconds(10));
    }

    private synchronized void put(RouteEntry entry) {
        table.put(entry.port(), entry);
        call("PUT", "/routes/" + entry.port(), entry);
    }

    /**
     * Sends a change; if the router process is gone, starts it again, gives it the whole table and is done (the
     * table holds the change). Never throws: a router that cannot be started is reported by {@link #unavailable}.
     */
    private void call(String method, String path, Object body) {
        try {
            send(method, path, body);
            trouble = null;
            return;
        } catch (IOException first) {
            log.warn("router: {} {} failed ({}); starting the router process again", method, path, first.toString());
        }
        restart();
    }

    private synchronized void restart() {
        try {
            running = launcher.ensureRunning(this::answers);
            send("PUT", "/routes", new RouterFiles.Table(new ArrayList<>(table.values())));
            trouble = null;
        } catch (IOException | RuntimeException e) {
            trouble = notRunning(e);
            log.error("router: {}", trouble);
        }
    }

    private String notRunning(Exception e) {
        return "the router process does not answer (" + e.getMessage() + "); see " + files.log()
                + ": Slipway starts it again at the next route change or server start";
    }

    private synchronized JsonNode send(String method, String path, Object body) throws IOException {
        return sendOnce(method, path, body);
    }

    private JsonNode sendOnce(String method, String path, Object body) throws IOException {
        RouterFiles.Running to = running;
        if (to == null) {
            throw new IOException("no router process");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.controlPort() + path))
                .timeout(CALL_TIMEOUT).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(RouterFiles.JSON.writeValueAsBytes(body)));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode answer = RouterFiles.JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the router refused " + method + " " + path + ": "
                    + answer.path("error").asText(response.statusCode() + ""));
        }
        return answer;
    }

    private boolean answers(RouterFiles.Running candidate) {
        RouterFiles.Running before = running;
        running = candidate;
        try {
            sendOnce("GET", "/routes", null);
            return true;
        } catch (IOException | RuntimeException e) {
            running = before;
            return false;
        }
    }

    /** Stops watching the router process and leaves it running: traffic does not depend on this server. */
    @Override
    public void close() {
        watch.shutdownNow();
    }
}
