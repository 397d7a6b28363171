package dev.slipway.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real Slipway server in its own JVM (same classpath as the tests), on a free loopback port. It remembers every
 * process it ever had as a descendant, so a test can crash it (kill -9) and still clean up what it left behind.
 */
final class ServerProcess implements AutoCloseable {
    /** The admin token every test server starts with (SLIPWAY_ADMIN_TOKEN), so tests can act as admin. */
    static final String ADMIN_TOKEN = "slw_e2eadmin0000.test-admin-token-with-enough-entropy-0123456789";

    private final Path data;
    private final String db;
    private final int port;
    private final Path log;
    private final Map<String, String> env;
    private Process process;
    private final Set<ProcessHandle> seen = new HashSet<>();
    private List<String> jvmOptions = List.of();
    private List<String> serverOptions = List.of();

    private ServerProcess(Path data, String db, int port, Map<String, String> env) {
        this.data = data;
        this.db = db;
        this.port = port;
        this.env = Map.copyOf(env);
        this.log = data.resolveSibling(data.getFileName() + "-server.log");
    }

    /** A server whose JVM gets {@code jvmOptions} (e.g. -Xmx64m) and whose command line ends with {@code serverOptions}. */
    static ServerProcess start(Path data, List<String> jvmOptions, List<String> serverOptions) throws IOException {
        ServerProcess server = new ServerProcess(data, null, freePort(), Map.of());
        server.jvmOptions = List.copyOf(jvmOptions);
        server.serverOptions = List.copyOf(serverOptions);
        server.launch();
        return server;
    }

    static ServerProcess start(Path data) throws IOException {
        return start(data, null);
    }

    static ServerProcess start(Path data, String db) throws IOException {
        return start(data, db, Map.of());
    }

    /** With {@code env} added to the server's environment (e.g. another HOME). */
    static ServerProcess start(Path data, String db, Map<String, String> env) throws IOException {
        ServerProcess server = new ServerProcess(data, db, freePort(), env);
        server.launch();
        return server;
    }

    /** The slipway command line in a fresh JVM with the tests' classpath. */
    static List<String> slipway(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.slipway.boot.Main"));
        command.addAll(List.of(args));
        return command;
    }

    void launch() throws IOException {
        List<String> command = slipway("server", "--data", data.toString(), "--port", Integer.toString(port));
        command.addAll(1, jvmOptions);
        command.addAll(serverOptions);
        if (db != null) {
            command.add("--db");
            command.add(db);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SLIPWAY_ADMIN_TOKEN", ADMIN_TOKEN);
        // the router inside the server unless a test asks for the router process (the default: a JVM of its own that
        // outlives the server, which a test must then stop itself, as RouterProcessE2ETest does)
        builder.environment().put("SLIPWAY_ROUTER", "local");
        builder.environment().putAll(env);
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url() + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        remember();
    }

    /** Starts the server again (after a stop or crash) with {@code serverOptions} at the end of its command line. */
    void launch(List<String> serverOptions) throws IOException {
        this.serverOptions = List.copyOf(serverOptions);
        launch();
    }

    /** Whether the server's JVM runs (a test that stopped it may have failed before starting it again). */
    boolean running() {
        return process != null && process.isAlive();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String gitUrl(String app) {
        return url() + "/git/" + app + ".git";
    }

    /** The remote with credentials in it, as a user would configure it: user name + token. */
    String pushUrl(String app, String user, String token) {
        return "http://" + user + ":" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)
                + "@127.0.0.1:" + port + "/git/" + app + ".git";
    }

    String pushUrl(String app) {
        return pushUrl(app, "admin", ADMIN_TOKEN);
    }

    Path data() {
        return data;
    }

    /** The server JVM's process id. */
    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Records the server's current descendants (services, steps), so they can be reaped even after a crash. */
    void remember() {
        if (process != null) {
            process.descendants().forEach(seen::add);
        }
    }

    /** Graceful stop (SIGTERM), as an operator would. */
    void stop() throws InterruptedException {
        remember();
        process.destroy();
        process.waitFor();
    }

    /**
     * A crash: SIGKILL, nothing runs on the way down. The server is stopped (SIGSTOP) first, so that it cannot start a
     * service between the look at its descendants and the kill: one started in that gap outlived the test (its
     * parent gone, no longer anyone's descendant).
     */
    void crash() throws InterruptedException {
        freeze();
        remember();
        process.destroyForcibly();
        process.waitFor();
    }

    private void freeze() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the server before killing it", e);
        }
    }

    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            stop();
        }
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
        for (ProcessHandle h : seen) {
            h.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
