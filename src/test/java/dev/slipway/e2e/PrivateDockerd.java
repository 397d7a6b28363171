package dev.slipway.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine of the test's own (STACK.md: own data root, exec root, socket and pidfile under a temp dir, no
 * iptables, no bridge), stopped by its pidfile; and the docker CLI pointed at it with a config directory of its own
 * (so `docker login` never touches the user's). A minimal private fixture until the shared one is on main.
 */
final class PrivateDockerd implements AutoCloseable {
    private final Path dir;
    private final Process daemon;

    record Result(int exit, String out) {
        Result ok() {
            if (exit != 0) {
                throw new AssertionError("docker exited " + exit + ":\n" + out);
            }
            return this;
        }
    }

    private PrivateDockerd(Path dir, Process daemon) {
        this.dir = dir;
        this.daemon = daemon;
    }

    static PrivateDockerd start(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("config"));
        Process daemon = new ProcessBuilder("dockerd", "--data-root", dir.resolve("root").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--host", "unix://" + dir.resolve("docker.sock"),
                "--pidfile", dir.resolve("docker.pid").toString(), "--iptables=false", "--bridge=none")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        PrivateDockerd docker = new PrivateDockerd(dir, daemon);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("dockerd exited:\n" + Files.readString(dir.resolve("dockerd.log")));
                }
                return Files.exists(dir.resolve("docker.sock")) && docker.run("version").exit() == 0;
            });
        } catch (RuntimeException e) {
            docker.close();
            throw e;
        }
        return docker;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "--config", dir.resolve("config").toString(),
                "-H", "unix://" + dir.resolve("docker.sock")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + args[0] + " did not finish in 120 s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** Stops the engine by the pid in its pidfile (and the process this fixture started), then waits for it. */
    @Override
    public void close() {
        try {
            Path pidfile = dir.resolve("docker.pid");
            if (Files.exists(pidfile)) {
                long pid = Long.parseLong(Files.readString(pidfile).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            daemon.destroyForcibly();
        }
    }
}
