package dev.slipway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Docker engine and/or one CNCF distribution registry from {@code bin/test-services}, in a temp dir of the bench's
 * own under /tmp (containerd's socket path must stay short); {@link #close()} stops what it started by its pidfiles
 * and deletes the dir. {@link #prepare} makes the dir first, so a bench can register {@link #close()} for cleanup
 * before anything starts (a stop of a dir where nothing runs is a no-op).
 */
public final class TestServices implements AutoCloseable {
    private final Path dir;
    private final List<String> what;
    private final Map<String, String> env = new HashMap<>();

    private TestServices(Path dir, List<String> what) {
        this.dir = dir;
        this.what = what;
    }

    /** An engine and a registry, started. */
    public static TestServices start() throws Exception {
        TestServices services = prepare();
        services.begin();
        return services;
    }

    /** A dir for {@code what} ("docker", "registry"; none: both), nothing started yet: see {@link #begin()}. */
    public static TestServices prepare(String... what) throws Exception {
        return new TestServices(Files.createTempDirectory(Path.of("/tmp"), "slipway-bench-services"), List.of(what));
    }

    /** Starts what {@link #prepare} named and waits until it answers; a failed start leaves nothing running. */
    public TestServices begin() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        String[] command = new String[3 + what.size()];
        command[0] = "bin/test-services";
        command[1] = "start";
        command[2] = dir.toString();
        for (int i = 0; i < what.size(); i++) {
            command[3 + i] = what.get(i);
        }
        try {
            Commands.run(root, command);
        } catch (Exception e) {
            Commands.run(root, "bin/test-services", "stop", dir.toString());
            throw e;
        }
        for (String line : Files.readAllLines(dir.resolve("env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return this;
    }

    /** unix:///…/docker.sock, for {@code docker -H}. */
    public String dockerHost() {
        return env.get("SLIPWAY_TEST_DOCKER_HOST");
    }

    /** 127.0.0.1:PORT of the distribution registry. */
    public String registry() {
        return env.get("SLIPWAY_TEST_REGISTRY");
    }

    /** The temp dir holding what this started (and its logs, DIR/docker/dockerd.log). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        if (Files.isDirectory(dir)) {
            Commands.run(Path.of("").toAbsolutePath(), "bin/test-services", "stop", dir.toString());
            Dirs.delete(dir);
        }
    }
}
