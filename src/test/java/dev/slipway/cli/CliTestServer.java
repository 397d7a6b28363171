package dev.slipway.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** Stands in for the Slipway server: fixed contract answers per route, and a record of what was asked. */
final class CliTestServer implements AutoCloseable {

    record Request(String method, String pathAndQuery, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** Writes a response; may block (to hold a stream open) since every exchange has its own thread. */
    interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private CliTestServer(HttpServer server) {
        this.server = server;
    }

    static CliTestServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CliTestServer stub = new CliTestServer(http);
        http.createContext("/", stub::dispatch);
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    CliTestServer json(String method, String pathAndQuery, int status, String body) {
        return respond(method, pathAndQuery, status, "application/json", body);
    }

    CliTestServer respond(String method, String pathAndQuery, int status, String contentType, String body) {
        return handle(method, pathAndQuery, exchange -> send(exchange, status, contentType, body));
    }

    CliTestServer handle(String method, String pathAndQuery, Handler handler) {
        routes.put(method + " " + pathAndQuery, handler);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Starts a chunked text/event-stream response; the caller writes events and closes it. */
    static OutputStream startEventStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, exchange.getRequestHeaders(), body));
        Handler handler = routes.get(exchange.getRequestMethod() + " " + pathAndQuery);
        try {
            if (handler == null) {
                send(exchange, 404, "application/json",
                        "{\"error\":\"not_found\",\"message\":\"test server has no route "
                                + exchange.getRequestMethod() + " " + pathAndQuery + "\"}");
            } else {
                handler.handle(exchange);
            }
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
