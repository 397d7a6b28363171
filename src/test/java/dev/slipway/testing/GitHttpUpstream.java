package dev.slipway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A forge's git side for tests: the real {@code git http-backend} (CGI) behind a small HTTP server on 127.0.0.1, over
 * bare repositories in a directory of the test's. Every request needs HTTP Basic with the token as the password (any
 * user name), as GitHub, GitLab and Gitea take tokens; pushes from the real git client go through the same door.
 * {@link #hold()} makes it answer 503 until {@link #release()}: a forge that does not serve yet.
 */
public final class GitHttpUpstream implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Path root;
    private final String token;
    private final AtomicBoolean held = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    private GitHttpUpstream(Path root, String token) throws IOException {
        this.root = root;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    public static GitHttpUpstream start(Path root, String token) throws IOException {
        Files.createDirectories(root);
        return new GitHttpUpstream(root, token);
    }

    /** A new bare repository {@code name}.git that takes pushes; returns its URL (no credentials in it). */
    public String create(String name) {
        Path repo = root.resolve(name + ".git");
        RealCommand.run(Duration.ofSeconds(30), Map.of(), List.of("git", "init", "-q", "--bare", "-b", "main",
                repo.toString())).ok();
        RealCommand.run(Duration.ofSeconds(30), Map.of(), List.of("git", "--git-dir", repo.toString(), "config",
                "http.receivepack", "true")).ok();
        return url(name);
    }

    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
    }

    /** The URL with the token in it, for the test's own git client. */
    public String pushUrl(String name) {
        return "http://tester:" + token + "@127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
    }

    public Path repository(String name) {
        return root.resolve(name + ".git");
    }

    public void hold() {
        held.set(true);
    }

    /** How many requests were answered 503 while held. */
    public int refusedWhileHeld() {
        return refused.get();
    }

    public void release() {
        held.set(false);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (held.get()) {
                refused.incrementAndGet();
                send(exchange, 503, "held by the test");
                return;
            }
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"upstream\"");
                send(exchange, 401, "token required");
                return;
            }
            cgi(exchange);
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return decoded.endsWith(":" + token);
    }

    private void cgi(HttpExchange exchange) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", "tester");
        env.put("REMOTE_ADDR", "127.0.0.1");
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toUpperCase().replace('-', '_');
            if (key.equals("CONTENT_TYPE")) {
                env.put("CONTENT_TYPE", values.get(0));
            } else {
                env.put("HTTP_" + key, values.get(0));
            }
        });
        if (exchange.getRequestHeaders().containsKey("Git-Protocol")) {
            env.put("GIT_PROTOCOL", exchange.getRequestHeaders().getFirst("Git-Protocol"));
        }
        Process process = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        pool.submit(() -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
                in.transferTo(out);
            }
            return null;
        });
        InputStream stdout = process.getInputStream();
        int status = 200;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdout.read()) >= 0) {
            if (b == '\n') {
                String header = line.toString(StandardCharsets.ISO_8859_1).strip();
                line.reset();
                if (header.isEmpty()) {
                    break;
                }
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).strip();
                String value = header.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            } else {
                line.write(b);
            }
        }
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            stdout.transferTo(body);
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
