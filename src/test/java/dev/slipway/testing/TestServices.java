package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Components that {@code bin/test-services} started in a temp dir of this JVM's: the variables it wrote to DIR/env,
 * and {@link #stop()}, which stops them by their pidfiles (never by name) and removes the dir. Used when CI did not
 * start the components for the whole run (then the SLIPWAY_TEST_* variables are set and nothing is started here).
 */
final class TestServices {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Map<String, String> env;

    private TestServices(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Starts {@code component} ("docker" or "registry") in a fresh temp dir; it is stopped when the JVM exits. */
    static TestServices startForThisJvm(String component) {
        TestServices services = start(component);
        Runtime.getRuntime().addShutdownHook(new Thread(services::stop, "stop test " + component));
        return services;
    }

    /** Starts {@code component} ("docker", "docker-tls" or "registry") in a fresh temp dir; the caller stops it. */
    static TestServices start(String component) {
        return start(component, Map.of());
    }

    /** As {@link #start(String)}, with {@code env} for bin/test-services (SLIPWAY_TEST_DOCKERD_ARGS: more flags). */
    static TestServices start(String component, Map<String, String> env) {
        String program = component.startsWith("docker") ? "dockerd" : "docker-registry";
        if (!RealCommand.installed(program)) {
            // never a skip: the image tests prove nothing unless they run, so a machine without these fails them
            throw new AssertionError(program + " is not installed, and the image tests need a real one: apt-get install -y "
                    + "docker.io skopeo docker-registry busybox-static (as .ci/run does), or export "
                    + (component.startsWith("docker") ? "SLIPWAY_TEST_DOCKER_HOST" : "SLIPWAY_TEST_REGISTRY")
                    + " from `bin/test-services start DIR`");
        }
        Path dir = tempDir(component);
        CommandResult started = RealCommand.run(START_TIMEOUT, env,
                List.of(script().toString(), "start", dir.toString(), component));
        if (started.exitCode() != 0) {
            RealCommand.run(STOP_TIMEOUT, Map.of(), List.of(script().toString(), "stop", dir.toString()));
            throw new AssertionError("bin/test-services could not start " + component + " in " + dir
                    + " (its logs stay there):\n" + started.output());
        }
        return new TestServices(dir, readEnv(dir.resolve("env")));
    }

    /** A variable from DIR/env, e.g. SLIPWAY_TEST_REGISTRY. */
    String get(String name) {
        String value = env.get(name);
        if (value == null) {
            throw new AssertionError("bin/test-services wrote no " + name + " to " + dir.resolve("env") + ": " + env);
        }
        return value;
    }

    Path dir() {
        return dir;
    }

    /** Stops what was started, by pidfile, keeping its dir (its data) for {@link #resume}: a host that goes down. */
    void pause() {
        CommandResult stopped = RealCommand.run(STOP_TIMEOUT, Map.of(), List.of(script().toString(), "stop", dir.toString()));
        if (stopped.exitCode() != 0) {
            throw new AssertionError("bin/test-services stop " + dir + " failed:\n" + stopped.output());
        }
    }

    /** Starts {@code component} again on the data {@link #pause} kept: the host comes back (same address). */
    void resume(String component) {
        CommandResult started = RealCommand.run(START_TIMEOUT, Map.of(),
                List.of(script().toString(), "start", dir.toString(), component));
        if (started.exitCode() != 0) {
            throw new AssertionError("bin/test-services could not start " + component + " again in " + dir + ":\n"
                    + started.output());
        }
    }

    /** Stops what was started, by pidfile, then removes the dir unless something is still mounted under it. */
    void stop() {
        CommandResult stopped = RealCommand.run(STOP_TIMEOUT, Map.of(), List.of(script().toString(), "stop", dir.toString()));
        if (stopped.exitCode() != 0) {
            System.err.println("bin/test-services stop " + dir + " failed; left in place:\n" + stopped.output());
        } else if (!mountedUnder(dir)) {
            JvmTempDirs.deleteTree(dir);
        }
    }

    /** bin/test-services of this checkout: tests run with the project's base directory as working directory. */
    static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("bin/test-services");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new AssertionError("bin/test-services not found above " + Path.of("").toAbsolutePath()
                + ": run the tests from the checkout (mvn runs them from its base directory)");
    }

    // short: containerd's unix socket lives under DIR/docker/exec, and unix socket paths are limited to 108 bytes
    private static Path tempDir(String component) {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "slipway-" + component + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readEnv(Path file) {
        try {
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("bin/test-services wrote no readable " + file, e);
        }
    }

    // an engine killed without its clean-up may leave overlay mounts; deleting through them is not ours to do
    private static boolean mountedUnder(Path dir) {
        try {
            String prefix = dir.toRealPath() + "/";
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" ")[4])
                    .anyMatch(mountPoint -> mountPoint.startsWith(prefix));
        } catch (IOException e) {
            return true;
        }
    }
}
