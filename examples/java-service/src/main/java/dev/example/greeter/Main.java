package dev.example.greeter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A web service as Slipway runs one: listens on $PORT, says when it is ready to take traffic and whether it is
 * alive on two separate paths, and shuts down gracefully on SIGTERM (finishing what is in flight).
 * {@code --self-test} checks the greeting without starting anything (what the pipeline's test stage runs).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Greeting greeting = Greeting.fromEnvironment();
        if (args.length > 0 && args[0].equals("--self-test")) {
            SelfTest.run(greeting);
            return;
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> answer(exchange, 200, greeting.body()));
        server.createContext("/health/readiness", exchange -> answer(exchange, 200, "ready\n"));
        server.createContext("/health/liveness", exchange -> answer(exchange, 200, "alive\n"));
        server.start();
        System.out.println("greeter " + greeting.version() + " listening on " + port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("greeter: SIGTERM, finishing requests in flight");
            server.stop(2);
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
