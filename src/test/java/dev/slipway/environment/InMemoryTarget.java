package dev.slipway.environment;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deploy target whose services are in-process HTTP servers on a {@link Host}, started at once: what the deployer,
 * blue/green, the watch and Recovery need of a target, without processes or artifacts. Each service answers
 * "app/environment #deployment" at its address (503 on its health path while unhealthy). It passes
 * {@link DeployTargetContract} like the local target. The host outlives the target, as an engine outlives the
 * server: a new target over the same host adopts what runs there. Tests make a version fail to start
 * ({@link #failing}), crash, turn unhealthy or drift.
 */
public final class InMemoryTarget implements DeployTarget {

    /** What the target's services run on; shared by the targets of one test as a machine would be. */
    public static final class Host {
        private final Map<Long, Service> running = new ConcurrentHashMap<>();
        private final AtomicLong handles = new AtomicLong(40_000);
        private final Map<Long, Integer> exitCodes = new ConcurrentHashMap<>();
    }

    private static final class Service {
        final HttpServer server;
        volatile Digest digest;
        volatile boolean healthy = true;

        Service(Start start) throws IOException {
            this.digest = start.digest();
            byte[] body = (start.app() + "/" + start.environment() + " #" + start.deployment())
                    .getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                boolean health = exchange.getRequestURI().getPath().equals(start.launch().health());
                int status = health && !healthy ? 503 : 200;
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        void stop() {
            server.stop(0);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Host host;
    /** Every start and restart asked of this target, in order. */
    public final List<Start> started = new CopyOnWriteArrayList<>();
    /** Every deployment whose files were discarded, as "app/environment#id". */
    public final List<String> discarded = new CopyOnWriteArrayList<>();
    private final Set<Digest> failing = ConcurrentHashMap.newKeySet();

    public InMemoryTarget() {
        this(new Host());
    }

    public InMemoryTarget(Host host) {
        this.host = host;
    }

    /** A new target over the same host: what a restarted server has. */
    public InMemoryTarget restarted() {
        return new InMemoryTarget(host);
    }

    /** Starts of {@code digest} fail as a service that exits before it is healthy would. */
    public InMemoryTarget failing(Digest digest) {
        failing.add(digest);
        return this;
    }

    /** Starts of {@code digest} succeed again. */
    public InMemoryTarget recovering(Digest digest) {
        failing.remove(digest);
        return this;
    }

    /** The service's process dies. */
    private volatile java.util.concurrent.CountDownLatch held;

    /** Starts from now on wait, their process recorded, until the latch is counted down. */
    public java.util.concurrent.CountDownLatch holdStarts() {
        held = new java.util.concurrent.CountDownLatch(1);
        return held;
    }

    private void awaitRelease() throws DeployFailedException {
        java.util.concurrent.CountDownLatch latch = held;
        try {
            if (latch != null && !latch.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new DeployFailedException("held for 30 s and never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployFailedException("interrupted while held");
        }
    }

    public void crash(RunningService service) {
        stop(service);
    }

    /** The service's process dies with {@code exitCode}, which the target then reports. */
    public void crash(RunningService service, int exitCode) {
        host.exitCodes.put(service.pid(), exitCode);
        stop(service);
    }

    @Override
    public java.util.OptionalInt exitCode(RunningService service) {
        Integer code = host.exitCodes.get(service.pid());
        return code == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(code);
    }

    /** The service stops (or starts again) answering its health check. */
    public void healthy(RunningService service, boolean healthy) {
        Optional.ofNullable(host.running.get(service.pid())).ifPresent(s -> s.healthy = healthy);
    }

    /** Someone replaced what the service runs behind Slipway's back. */
    public void drift(RunningService service, Digest to) {
        Optional.ofNullable(host.running.get(service.pid())).ifPresent(s -> s.digest = to);
    }

    /** Stops whatever still runs on this target's host: for a test's end. */
    public void stopAll() {
        List.copyOf(host.running.keySet()).forEach(handle -> Optional.ofNullable(host.running.remove(handle))
                .ifPresent(Service::stop));
    }

    /** How many services run on the host now. */
    public int running() {
        return host.running.size();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public RunningService start(Start start) throws DeployFailedException {
        started.add(start);
        long handle = host.handles.incrementAndGet();
        Service running;
        try {
            running = new Service(start);
        } catch (IOException e) {
            throw new DeployFailedException("cannot listen: " + e.getMessage());
        }
        host.running.put(handle, running);
        RunningService service = new RunningService(handle, 1, running.server.getAddress().getPort(), "memory:"
                + start.app() + "/" + start.environment() + "/deployment-" + start.deployment());
        start.spawned().accept(service);
        awaitRelease();
        if (failing.contains(start.digest())) {
            stop(service); // as a target must: nothing left running when it throws
            throw new DeployFailedException("`" + start.launch().command() + "` exited with code 3 before it was healthy");
        }
        return service;
    }

    @Override
    public RunningService restart(Start start, RunningService previous) throws DeployFailedException {
        if (previous != null) {
            stop(previous);
        }
        return start(start);
    }

    @Override
    public void stop(RunningService service) {
        Optional.ofNullable(host.running.remove(service.pid())).ifPresent(Service::stop);
    }

    @Override
    public boolean isAlive(RunningService service) {
        return host.running.containsKey(service.pid());
    }

    @Override
    public boolean answersHealth(RunningService service, String path) {
        if (!isAlive(service)) {
            return false;
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(address(service) + path)).timeout(Duration.ofSeconds(1))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String address(RunningService service) {
        return "http://127.0.0.1:" + service.port();
    }

    @Override
    public Optional<Digest> digest(RunningService service) {
        return Optional.ofNullable(host.running.get(service.pid())).map(s -> s.digest);
    }

    @Override
    public void discard(String app, String environment, long deployment) {
        discarded.add(app + "/" + environment + "#" + deployment);
    }
}
