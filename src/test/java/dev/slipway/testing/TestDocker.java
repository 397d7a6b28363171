package dev.slipway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Docker engine for tests, one per JVM: the one CI started for the whole run (SLIPWAY_TEST_DOCKER_HOST), or
 * else one this JVM starts with {@code bin/test-services} on first use and stops by pidfile when it exits.
 * {@link #docker} runs the real {@code docker} CLI against it, with a client config of this JVM's own so that
 * {@code docker login} in one run leaves nothing in ~/.docker. Containers must use {@code --network host}.
 */
public final class TestDocker {
    /** Set by .ci/run (bin/test-services start): the engine every test of the run shares. */
    public static final String HOST_VARIABLE = "SLIPWAY_TEST_DOCKER_HOST";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);
    private static TestDocker shared;

    private final String host;
    private final TestServices started;
    private final Path clientConfig;
    private final Tls tls;

    /**
     * How an engine from {@link #startTls()} is reached over TCP: {@code host} tcp://127.0.0.1:PORT (--tlsverify), the
     * client's PEM files (ca.pem, cert.pem, key.pem, Docker's layout) in {@code client}, and in {@code stranger} a
     * client whose certificate another CA signed (its ca.pem is the engine's, so only the engine refuses it).
     */
    public record Tls(String host, Path client, Path stranger) {
        /** A PEM file of the client's, as text: "ca.pem", "cert.pem" or "key.pem". */
        public String pem(Path dir, String file) {
            try {
                return Files.readString(dir.resolve(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private TestDocker(String host, TestServices started, Tls tls) {
        this.host = host;
        this.started = started;
        this.tls = tls;
        this.clientConfig = JvmTempDirs.create("slipway-docker-client");
    }

    private TestDocker(String host, TestServices started) {
        this(host, started, null);
    }

    /** The engine of this JVM, started on first use. */
    public static synchronized TestDocker get() {
        if (shared == null) {
            String given = System.getenv(HOST_VARIABLE);
            if (given != null && !given.isBlank()) {
                shared = new TestDocker(given, null);
            } else {
                TestServices services = TestServices.startForThisJvm("docker");
                shared = new TestDocker(services.get(HOST_VARIABLE), null);
            }
        }
        return shared;
    }

    /**
     * Another engine of the test's own (another "host"), in a temp dir of its own; the test stops it with
     * {@link #stop()} (in a finally or @AfterAll).
     */
    public static TestDocker startAnother() {
        TestServices services = TestServices.start("docker");
        return new TestDocker(services.get(HOST_VARIABLE), services);
    }

    /**
     * Another engine started with more {@code dockerd} flags, e.g. a default runtime that cannot start anything (a
     * host whose engine fails every container, in its own words).
     */
    public static TestDocker startAnother(String... dockerdFlags) {
        TestServices services = TestServices.start("docker", Map.of("SLIPWAY_TEST_DOCKERD_ARGS",
                String.join(" ", dockerdFlags)));
        return new TestDocker(services.get(HOST_VARIABLE), services);
    }

    /**
     * An engine of the test's own that also listens on tcp://127.0.0.1:PORT with --tlsverify, its CA, server and
     * client certificates made with openssl in its temp dir (see {@link #tls()}); one per test class, stopped with
     * {@link #stop()} (by pidfile). {@link #docker} still speaks to it over its unix socket.
     */
    public static TestDocker startTls() {
        TestServices services = TestServices.start("docker-tls");
        return new TestDocker(services.get(HOST_VARIABLE), services, new Tls(services.get("SLIPWAY_TEST_DOCKER_TLS_HOST"),
                Path.of(services.get("SLIPWAY_TEST_DOCKER_TLS_DIR")).resolve("client"),
                Path.of(services.get("SLIPWAY_TEST_DOCKER_TLS_DIR")).resolve("stranger")));
    }

    /** How this engine is reached over TLS; only an engine from {@link #startTls()} has it. */
    public Tls tls() {
        if (tls == null) {
            throw new IllegalStateException("engine " + host + " has no TLS listener: start it with TestDocker.startTls()");
        }
        return tls;
    }

    /** Stops an engine from {@link #startAnother()}; the shared one stops with the JVM (or with CI's run). */
    public void stop() {
        if (started == null) {
            throw new IllegalStateException("the shared engine " + host + " is not the test's to stop");
        }
        started.stop();
    }

    /** Stops an engine from {@link #startAnother()} but keeps its data: a host that went down (containers stop). */
    public void halt() {
        own().pause();
    }

    /** Starts a {@link #halt halted} engine again on the same socket and data: the host is back. */
    public void resume() {
        own().resume("docker");
    }

    private TestServices own() {
        if (started == null) {
            throw new IllegalStateException("the shared engine " + host + " is not the test's to stop");
        }
        return started;
    }

    /** unix:///…/docker.sock, what {@code docker -H} and DOCKER_HOST take. */
    public String host() {
        return host;
    }

    /** Runs {@code docker -H HOST ARGS…} to its end (at most 3 minutes). */
    public CommandResult docker(String... args) {
        return docker(DEFAULT_TIMEOUT, args);
    }

    /** Runs {@code docker -H HOST ARGS…} to its end, killed after {@code timeout}. */
    public CommandResult docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(cli(), "-H", host));
        command.addAll(List.of(args));
        return RealCommand.run(timeout, Map.of("DOCKER_CONFIG", clientConfig.toString()), command);
    }

    /** The client config dir (DOCKER_CONFIG) the commands here use: where {@code docker login} stores credentials. */
    public Path clientConfig() {
        return clientConfig;
    }

    // Debian's client matches Debian's engine (20.10); another `docker` earlier on PATH may be a newer client
    private static String cli() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }
}
