package dev.slipway.environment.local;

import dev.slipway.process.ProcessId;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the router process of a data directory, or starts one: {@code router.pid} names it by pid and start time
 * (a recycled pid never matches, and no process is ever found by its name). A new one is {@code slipway router} in
 * a JVM of its own, in its own session (setsid), its output appended to {@code router.log}: it outlives Slipway.
 */
final class RouterLauncher {
    private static final Logger log = LoggerFactory.getLogger(RouterLauncher.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final RouterFiles files;
    private final String host;
    private final Duration startTimeout;

    RouterLauncher(RouterFiles files, String host, Duration startTimeout) {
        this.files = files;
        this.host = host;
        this.startTimeout = startTimeout;
    }

    /** The running router if router.pid names a live one; else none (a stale file is ignored). */
    Optional<RouterFiles.Running> running() {
        return files.readRunning().filter(RouterLauncher::alive);
    }

    private static boolean alive(RouterFiles.Running running) {
        return running.pid() > 0 && new ProcessId(running.pid(), running.startTicks()).isAlive();
    }

    /** The running router, or a new one once it answers ({@code answers} asks its control channel). */
    RouterFiles.Running ensureRunning(Predicate<RouterFiles.Running> answers) throws IOException {
        Optional<RouterFiles.Running> running = running();
        if (running.isPresent() && !host.equals(running.get().host())) {
            // the server's --host changed: the environments must be served on the new address
            log.warn("router: its process serves on {}, the server on {}: starting it again", running.get().host(), host);
            stop(Duration.ofSeconds(10));
            running = Optional.empty();
        }
        if (running.isPresent() && answers.test(running.get())) {
            return running.get();
        }
        if (running.isPresent()) {
            // alive but deaf (hung, or still starting): wait for it rather than start a second one it would refuse
            return await(running.get().pid(), answers, null);
        }
        return start(answers);
    }

    /**
     * The class path with every entry made absolute: the router runs in its own directory, where a server started as
     * {@code java -jar target/slipway.jar} would otherwise give it a path that names nothing.
     */
    static String absolute(String classPath) {
        return String.join(java.io.File.pathSeparator, java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .toList());
    }

    private RouterFiles.Running start(Predicate<RouterFiles.Running> answers) throws IOException {
        Files.createDirectories(files.dir());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // its own session: a Ctrl-C or kill of Slipway's group leaves it running
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", absolute(System.getProperty("java.class.path")),
                "dev.slipway.boot.Main", "router", "--data", files.dir().getParent().toAbsolutePath().toString(),
                "--host", host));
        ProcessBuilder builder = new ProcessBuilder(command).directory(files.dir().toFile());
        // nothing of the server's environment (its admin token, say) but what a JVM and its logging need
        Map<String, String> inherited = Map.copyOf(builder.environment());
        builder.environment().clear();
        for (String name : List.of("PATH", "LANG", "LC_ALL", "TZ", "SLIPWAY_LOG_LEVEL")) {
            Optional.ofNullable(inherited.get(name)).ifPresent(value -> builder.environment().put(name, value));
        }
        Process process = builder
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                .start();
        log.info("router: started its own process (pid {}), log in {}", process.pid(), files.log());
        return await(process.pid(), answers, process);
    }

    private RouterFiles.Running await(long pid, Predicate<RouterFiles.Running> answers, Process process)
            throws IOException {
        Instant deadline = Instant.now().plus(startTimeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<RouterFiles.Running> running = running().filter(r -> r.pid() == pid);
            if (running.isPresent() && answers.test(running.get())) {
                return running.get();
            }
            if (process != null && !process.isAlive()) {
                throw new IOException("the router process exited with " + process.exitValue() + ": " + tail());
            }
            try {
                Thread.sleep(50); // polling a child's start-up; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the router process", e);
            }
        }
        throw new IOException("the router process (pid " + pid + ") did not answer within " + startTimeout.toSeconds()
                + " s; see " + files.log());
    }

    /** Stops the router named by router.pid (SIGTERM, then SIGKILL after {@code grace}); by pid, never by name. */
    void stop(Duration grace) {
        running().flatMap(r -> ProcessHandle.of(r.pid())).ifPresent(handle -> {
            handle.destroy();
            try {
                handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception slow) {
                handle.destroyForcibly();
            }
            log.info("router: stopped its process (pid {})", handle.pid());
        });
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(files.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "see " + files.log();
        }
    }
}
