package dev.slipway.environment.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router process's control channel: HTTP on 127.0.0.1 (a free port, named in router.pid), every request
 * carrying {@code Authorization: Bearer <control.token>}. {@code GET /routes} the table and the ports it cannot
 * listen on; {@code PUT /routes} the whole table (Slipway's start); {@code PUT /routes/PORT} one environment's
 * entry; {@code DELETE /routes/PORT} its end; {@code GET /routes/PORT} whether that port is served.
 */
final class RouterControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RouterControl.class);

    private final RouterDaemon daemon;
    private final byte[] token;
    private final HttpServer server;
    private final ExecutorService threads;

    private RouterControl(RouterDaemon daemon, String token, HttpServer server, ExecutorService threads) {
        this.daemon = daemon;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.server = server;
        this.threads = threads;
    }

    static RouterControl start(RouterDaemon daemon, String token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "router-control");
            thread.setDaemon(true);
            return thread;
        });
        RouterControl control = new RouterControl(daemon, token, server, threads);
        server.createContext("/routes", control::handle);
        server.setExecutor(threads);
        server.start();
        return control;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), token)) {
                answer(exchange, 401, Map.of("error", "the control channel needs the token in control.token"));
                return;
            }
            try {
                route(exchange);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                answer(exchange, 400, Map.of("error", e.getMessage()));
            } catch (IOException | RuntimeException e) {
                log.error("router: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                answer(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rest = exchange.getRequestURI().getPath().substring("/routes".length());
        if (rest.isEmpty() || rest.equals("/")) {
            switch (method) {
                case "GET" -> answer(exchange, 200, table());
                case "PUT" -> {
                    daemon.replace(read(exchange, RouterFiles.Table.class).routes());
                    answer(exchange, 200, table());
                }
                default -> answer(exchange, 405, Map.of("error", method + " /routes: use GET or PUT"));
            }
            return;
        }
        int port = port(rest.substring(1));
        switch (method) {
            case "GET" -> answer(exchange, 200, served(port));
            case "PUT" -> {
                RouteEntry entry = read(exchange, RouteEntry.class);
                if (entry.port() != port) {
                    throw new IllegalArgumentException("PUT /routes/" + port + " carries the route of port " + entry.port());
                }
                daemon.put(entry);
                answer(exchange, 200, served(port));
            }
            case "DELETE" -> {
                daemon.remove(port);
                answer(exchange, 200, Map.of());
            }
            default -> answer(exchange, 405, Map.of("error", method + " /routes/PORT: use GET, PUT or DELETE"));
        }
    }

    private Map<String, Object> table() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routes", daemon.routes());
        body.put("unavailable", daemon.unavailable());
        return body;
    }

    private Map<String, Object> served(int port) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("port", port);
        body.put("unavailable", daemon.unavailable(port).orElse(null));
        return body;
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("/routes/PORT: '" + text + "' is not a port");
        }
    }

    private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        try {
            return RouterFiles.JSON.readValue(exchange.getRequestBody(), type);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw new IllegalArgumentException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = RouterFiles.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
