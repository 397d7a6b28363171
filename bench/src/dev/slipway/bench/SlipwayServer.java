package dev.slipway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Slipway server (target/slipway.jar) on a free loopback port, with a fresh data dir in a temp dir of its
 * own and an admin token; its output goes to server.log beside the data dir. {@link #stop()} stops it and every
 * process it started (the services it deployed).
 */
public final class SlipwayServer implements AutoCloseable {
    private final Process process;
    private final Path work;
    private final int port;
    private final String token;

    private SlipwayServer(Process process, Path work, int port, String token) {
        this.process = process;
        this.work = work;
        this.port = port;
        this.token = token;
    }

    /** Starts the server without waiting for it: see {@link Api#healthy()}. */
    public static SlipwayServer start(String tempPrefix, String adminToken) throws IOException {
        Path work = Files.createTempDirectory(tempPrefix);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/slipway.jar", "server", "--data",
                work.resolve("data").toString(), "--port", Integer.toString(port));
        builder.environment().put("SLIPWAY_ADMIN_TOKEN", adminToken);
        Process process = builder.redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        return new SlipwayServer(process, work, port, adminToken);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The temp dir holding data/ and server.log. */
    public Path work() {
        return work;
    }

    public Path data() {
        return work.resolve("data");
    }

    public long pid() {
        return process.pid();
    }

    /** The built-in git remote of {@code app}, with the admin token as password. */
    public String gitRemote(String app) {
        return "http://admin:" + token + "@127.0.0.1:" + port + "/git/" + app + ".git";
    }

    /** Asks the server to stop (it stops its services), then kills whatever is left after 30 s. */
    public void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stop();
    }
}
