package dev.slipway.environment.local;

import dev.slipway.environment.Router;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

/**
 * The built-in router: one Jetty server with a connector per environment's public port. A request is proxied to
 * the upstream port currently routed for the port it arrived on; moving an environment to a new version is one
 * atomic map update, so requests already in flight finish where they started.
 */
public final class LocalRouter implements Router, AutoCloseable {
    private static final String UPSTREAM = "slipway.upstream";

    private record Route(String app, String environment, ServerConnector connector, Integer upstream) {}

    private final String host;
    private final Server server;
    private final Map<Integer, Route> routes = new ConcurrentHashMap<>();

    public LocalRouter(String host) {
        this.host = host;
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("router");
        this.server = new Server(pool);
        ProxyHandler.Reverse proxy = new ProxyHandler.Reverse(request -> HttpURI.build(request.getHttpURI())
                .scheme("http").host("127.0.0.1").port((Integer) request.getAttribute(UPSTREAM))) {
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
                    String body = route == null ? "no environment is served on this port\n"
                            : "Slipway: nothing is live in environment '" + route.environment() + "' of app '"
                            + route.app() + "' yet (deploy it, or see `slipway status " + route.app() + "`)\n";
                    response.setStatus(502);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
                request.setAttribute(UPSTREAM, route.upstream());
                return super.handle(request, response, callback);
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the router", e);
        }
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

    private static int localPort(Request request) {
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        return local instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    @Override
    public void route(String app, String environment, int publicPort, int upstreamPort) {
        routes.compute(publicPort, (port, old) -> new Route(app, environment,
                old != null ? old.connector() : listen(port), upstreamPort));
    }

    @Override
    public void unroute(String app, String environment, int publicPort) {
        routes.compute(publicPort, (port, old) -> new Route(app, environment,
                old != null ? old.connector() : listen(port), null));
    }

    @Override
    public void open(String app, String environment, int publicPort) {
        routes.computeIfAbsent(publicPort, port -> new Route(app, environment, listen(port), null));
    }

    @Override
    public void release(int publicPort) {
        Route route = routes.remove(publicPort);
        if (route != null) {
            close(route.connector());
        }
    }

    @Override
    public String url(int publicPort) {
        return "http://" + host + ":" + publicPort;
    }

    private ServerConnector listen(int port) {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        try {
            connector.start();
        } catch (Exception e) {
            server.removeConnector(connector);
            throw new IllegalStateException("the router cannot listen on " + host + ":" + port
                    + " (is another program using it?): " + e.getMessage(), e);
        }
        return connector;
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
        server.stop();
    }
}
