package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A forge's API for tests: a real HTTP server on 127.0.0.1 (ephemeral port) that records each call — method, path,
 * headers, body — and answers 201 with {@code {"id": N}} (N counting from 1000), or what it was told to answer next.
 */
public final class ForgeApiReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call as received; header names lower case. */
    public record Call(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** An {@code application/x-www-form-urlencoded} body. */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return fields;
        }
    }

    private record Answer(int status, String body) {}

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong(1000);

    private ForgeApiReceiver(HttpServer server) {
        this.server = server;
    }

    public static ForgeApiReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ForgeApiReceiver receiver = new ForgeApiReceiver(server);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    /** Where the API is, e.g. {@code http://127.0.0.1:PORT/api/v3}. */
    public String url(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    /** The next {@code times} calls are answered {@code status} with {@code body}. */
    public synchronized ForgeApiReceiver answer(int status, String body, int times) {
        for (int i = 0; i < times; i++) {
            answers.add(new Answer(status, body));
        }
        return this;
    }

    /** Forgets the answers it was told to give: every call from now on is answered 201. */
    public synchronized ForgeApiReceiver answerAsUsual() {
        answers.clear();
        return this;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        Answer answer;
        synchronized (this) {
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body));
            answer = answers.isEmpty() ? new Answer(201, "{\"id\": " + ids.incrementAndGet() + "}") : answers.poll();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
