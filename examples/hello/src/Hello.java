import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The example service: answers / with a greeting naming its environment and version, /healthz with ok, and
 * /slow?ms=N with the greeting after N milliseconds (to show that a swap lets requests in flight finish).
 */
public final class Hello {
    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("--self-test")) {
            selfTest();
            return;
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // A file named "unhealthy" next to the service turns its health check red: try Slipway's `watch` with it.
        server.createContext("/healthz", exchange -> {
            boolean sick = Files.exists(Path.of("unhealthy"));
            reply(exchange, sick ? 500 : 200, sick ? "unhealthy\n" : "ok\n");
        });
        server.createContext("/slow", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            sleep(query != null && query.startsWith("ms=") ? Math.min(Long.parseLong(query.substring(3)), 30_000) : 1000);
            reply(exchange, 200, greeting() + "\n");
        });
        server.createContext("/", exchange -> reply(exchange, 200, greeting() + "\n"));
        server.setExecutor(Executors.newCachedThreadPool()); // a slow request must not hold up the others
        server.start();
        System.out.println("hello: listening on 127.0.0.1:" + port);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String greeting() throws IOException {
        String env = System.getenv().getOrDefault("SLIPWAY_ENV", "local");
        String greeting = System.getenv().getOrDefault("GREETING", "hello");
        return greeting + " from " + env + ", version " + version();
    }

    static String version() throws IOException {
        Path file = Path.of(System.getProperty("hello.dir", "dist"), "VERSION");
        return Files.exists(file) ? Files.readString(file).trim() : "unknown";
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void selfTest() throws IOException {
        String text = greeting();
        if (!text.contains("version")) {
            throw new AssertionError("greeting lacks a version: " + text);
        }
        System.out.println("self-test passed: " + text);
    }
}
