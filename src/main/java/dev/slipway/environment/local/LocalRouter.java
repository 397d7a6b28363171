package dev.slipway.environment.local;

import dev.slipway.environment.Upstream;
import dev.slipway.environment.PortUnavailableException;
import dev.slipway.environment.Router;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in router: one Jetty server with a connector per environment's public port. A request is proxied to
 * the upstream port currently routed for the port it arrived on; moving an environment to a new version is one
 * atomic map update, so requests already in flight finish where they started. A port another program holds is
 * kept as a route without a connector, reported by {@link #unavailable} and tried again every few seconds.
 */
public final class LocalRouter implements Router, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalRouter.class);
    private static final String UPSTREAM = "slipway.upstream";

    /** How often a port another program holds is tried again. */
    public static final Duration RETRY_EVERY = Duration.ofSeconds(3);

    /**
     * {@code connector} null: the port could not be listened on, {@code unavailable} says why; it is retried.
     * {@code down}: no upstream because the environment's service is down in that state (CRASHED, RESTARTING).
     */
    private record Route(String app, String environment, ServerConnector connector, List<Upstream> upstream,
                         String unavailable, String down) {
        Route(String app, String environment, ServerConnector connector, List<Upstream> upstream, String unavailable) {
            this(app, environment, connector, upstream, unavailable, null);
        }

        Route named(String app, String environment) {
            return new Route(app, environment, connector, upstream, unavailable, down);
        }

        Route to(List<Upstream> upstream) {
            return new Route(app, environment, connector, upstream, unavailable, null);
        }

        Route downAs(String state) {
            return new Route(app, environment, connector, null, unavailable, state);
        }

        Route unbound(PortUnavailableException why, Duration retryEvery) {
            String every = retryEvery.toMillis() % 1000 == 0 ? retryEvery.toSeconds() + " s" : retryEvery.toMillis() + " ms";
            return new Route(app, environment, null, upstream, why.getMessage() + "; Slipway tries it again every "
                    + every + ", or move the environment: `slipway env move-port " + app + " " + environment + "`",
                    down);
        }
    }

    private final String host;
    private final Duration retryEvery;
    private final Server server;
    private final Map<Integer, Route> routes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries;
    private final AtomicLong turns = new AtomicLong();
    private volatile Predicate<Upstream> inRotation = upstream -> true;

    public LocalRouter(String host) {
        this(host, RETRY_EVERY);
    }

    public LocalRouter(String host, Duration retryEvery) {
        this.host = host;
        this.retryEvery = retryEvery;
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("router");
        this.server = new Server(pool);
        ProxyHandler.Reverse proxy = new ProxyHandler.Reverse(request -> HttpURI.build(request.getHttpURI())
                .scheme("http").host(((Upstream) request.getAttribute(UPSTREAM)).host())
                .port(((Upstream) request.getAttribute(UPSTREAM)).port())) {
            @Override
            protected void addProxyHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
                super.addProxyHeaders(clientToProxy, proxyToServer);
                addForwardedFor(clientToProxy, proxyToServer);
            }
        };
        server.setHandler(new Handler.Wrapper(proxy) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Route route = routes.get(localPort(request));
                if (route == null || route.upstream() == null) {
                    DownPage.answer(request, response, callback, route == null ? null : route.app(),
                            route == null ? null : route.environment(), route == null ? null : route.down());
                    return true;
                }
                request.setAttribute(UPSTREAM, pick(route.upstream()));
                return super.handle(request, response, callback);
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the router", e);
        }
        retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "router-retry");
            thread.setDaemon(true);
            return thread;
        });
        retries.scheduleWithFixedDelay(this::retryUnbound, retryEvery.toMillis(), retryEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The de-facto X-Forwarded-* headers most frameworks read (Jetty itself only adds RFC 7239 Forwarded). */
    private static void addForwardedFor(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
        String client = Request.getRemoteAddr(clientToProxy);
        String host = clientToProxy.getHeaders().get(HttpHeader.HOST);
        String authority = host != null ? host : Request.getServerName(clientToProxy) + ":" + Request.getServerPort(clientToProxy);
        String scheme = clientToProxy.getHttpURI().getScheme();
        proxyToServer.headers(headers -> {
            String earlier = headers.get("X-Forwarded-For");
            headers.put("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
            headers.put("X-Forwarded-Proto", scheme == null ? "http" : scheme);
            headers.put("X-Forwarded-Host", authority);
        });
    }

    /**
     * Round-robin over the upstreams in rotation; when the rotation hook takes all of them out, over all of them
     * (a request that may fail beats a certain 502).
     */
    private Upstream pick(List<Upstream> upstreams) {
        if (upstreams.size() == 1) {
            return upstreams.get(0);
        }
        List<Upstream> healthy = upstreams.stream().filter(inRotation).toList();
        List<Upstream> from = healthy.isEmpty() ? upstreams : healthy;
        return from.get((int) Math.floorMod(turns.getAndIncrement(), (long) from.size()));
    }

    /**
     * The health-aware hook: which upstreams get requests. Nothing checks health yet (every upstream is in
     * rotation); a checker sets this to take a failing one out.
     */
    public void rotation(Predicate<Upstream> inRotation) {
        this.inRotation = inRotation;
    }

    private static int localPort(Request request) {
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        return local instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    @Override
    public void route(String app, String environment, int publicPort, int upstreamPort) {
        route(app, environment, publicPort, List.of(Upstream.local(upstreamPort)));
    }

    /** Atomically points the public port at all of {@code upstreams} (round-robin); none is {@link #unroute}. */
    @Override
    public void route(String app, String environment, int publicPort, List<Upstream> upstreams) {
        List<Upstream> to = upstreams.isEmpty() ? null : List.copyOf(upstreams);
        routes.compute(publicPort, (port, old) -> old != null ? old.named(app, environment).to(to)
                : bind(app, environment, port, to));
    }

    @Override
    public void unroute(String app, String environment, int publicPort) {
        routes.compute(publicPort, (port, old) -> old != null ? old.named(app, environment).to(null)
                : bind(app, environment, port, null));
    }

    @Override
    public void down(String app, String environment, int publicPort, String state) {
        routes.compute(publicPort, (port, old) -> (old != null ? old.named(app, environment)
                : bind(app, environment, port, null)).downAs(state));
    }

    @Override
    public void open(String app, String environment, int publicPort) {
        routes.computeIfAbsent(publicPort, port -> bind(app, environment, port, null));
    }

    @Override
    public void release(int publicPort) {
        Route route = routes.remove(publicPort);
        if (route != null && route.connector() != null) {
            close(route.connector());
        }
    }

    @Override
    public String url(int publicPort) {
        return "http://" + host + ":" + publicPort;
    }

    @Override
    public Optional<String> unavailable(int publicPort) {
        return Optional.ofNullable(routes.get(publicPort)).map(Route::unavailable);
    }

    @Override
    public boolean move(String app, String environment, int from, int to, BooleanSupplier commit)
            throws PortUnavailableException {
        Route other = routes.get(to);
        if (other != null) {
            throw new PortUnavailableException(to, "port " + to + " is environment " + other.environment()
                    + " of app '" + other.app() + "'");
        }
        ServerConnector connector = listen(to);
        boolean committed;
        try {
            committed = commit.getAsBoolean();
        } catch (RuntimeException | Error e) {
            close(connector);
            throw e;
        }
        if (!committed) {
            close(connector);
            return false;
        }
        Route old = routes.get(from);
        routes.put(to, new Route(app, environment, connector, old == null ? null : old.upstream(), null,
                old == null ? null : old.down()));
        release(from); // after the new port serves: no moment where neither does
        log.info("{}/{}: moved from port {} to port {}", app, environment, from, to);
        return true;
    }

    /** A route listening on the port, or — if it cannot — one without a connector that says why, retried later. */
    private Route bind(String app, String environment, int port, List<Upstream> upstream) {
        try {
            return new Route(app, environment, listen(port), upstream, null);
        } catch (PortUnavailableException e) {
            Route unbound = new Route(app, environment, null, upstream, null).unbound(e, retryEvery);
            log.warn("{}/{}: {}", app, environment, unbound.unavailable());
            return unbound;
        }
    }

    /** Tries every port it could not listen on again; one that frees up is served from then on. */
    private void retryUnbound() {
        for (Map.Entry<Integer, Route> entry : routes.entrySet()) {
            if (entry.getValue().connector() != null) {
                continue;
            }
            int port = entry.getKey();
            try {
                ServerConnector connector = listen(port);
                AtomicBoolean taken = new AtomicBoolean();
                Route now = routes.computeIfPresent(port, (p, route) -> {
                    if (route.connector() != null) {
                        return route;
                    }
                    taken.set(true);
                    return new Route(route.app(), route.environment(), connector, route.upstream(), null, route.down());
                });
                if (taken.get()) {
                    log.info("{}/{}: port {} is free again and served", now.app(), now.environment(), port);
                } else {
                    close(connector); // released or bound meanwhile
                }
            } catch (PortUnavailableException stillHeld) {
                // the holder may have changed: say who holds it now
                routes.computeIfPresent(port, (p, route) -> route.connector() != null ? route
                        : route.unbound(stillHeld, retryEvery));
            } catch (RuntimeException e) {
                log.warn("router: retrying port {} failed: {}", port, e.toString());
            }
        }
    }

    private ServerConnector listen(int port) throws PortUnavailableException {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        try {
            connector.start();
        } catch (Exception e) {
            close(connector);
            throw new PortUnavailableException(port, whyNot(port, e));
        }
        return connector;
    }

    private String whyNot(int port, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "port " + port + " on " + host + " is held by " + PortHolders.of(port).orElse("another program");
            }
        }
        return "cannot listen on port " + port + " on " + host + ": " + e.getMessage();
    }

    private void close(ServerConnector connector) {
        try {
            connector.stop();
        } catch (Exception ignored) {
            // stopping a connector that failed to start: nothing more to release
        }
        server.removeConnector(connector);
    }

    @Override
    public void close() throws Exception {
        retries.shutdownNow();
        server.stop();
    }
}
