package dev.slipway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One Docker engine and one CNCF distribution registry from {@code bin/test-services}, in a temp dir of the bench's
 * own under /tmp (containerd's socket path must stay short); {@link #close()} stops both by their pidfiles.
 */
public final class TestServices implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env;

    private TestServices(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    public static TestServices start() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "slipway-bench-services");
        try {
            Commands.run(Path.of("").toAbsolutePath(), "bin/test-services", "start", dir.toString());
        } catch (Exception e) {
            Commands.run(Path.of("").toAbsolutePath(), "bin/test-services", "stop", dir.toString());
            throw e;
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new TestServices(dir, env);
    }

    /** unix:///…/docker.sock, for {@code docker -H}. */
    public String dockerHost() {
        return env.get("SLIPWAY_TEST_DOCKER_HOST");
    }

    /** 127.0.0.1:PORT of the distribution registry. */
    public String registry() {
        return env.get("SLIPWAY_TEST_REGISTRY");
    }

    @Override
    public void close() throws Exception {
        Commands.run(Path.of("").toAbsolutePath(), "bin/test-services", "stop", dir.toString());
        Dirs.delete(dir);
    }
}
