package dev.slipway.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import dev.slipway.Trees;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A registered target's Docker engine, as Slipway reaches it: its {@link DockerEngine} built from the target's
 * {@link TargetConnection}. A TLS target's CA, certificate and opened client key are written, for docker-java, into a
 * private directory of their own (0700; ca.pem, cert.pem, key.pem, Docker's layout; the files 0600, never readable
 * by anyone else for a moment) that {@link #close()} removes. {@link #check()} says in plain words why the engine
 * cannot be used (unreachable, its certificate not the CA's, Slipway's client certificate refused).
 */
public final class TargetEngine implements AutoCloseable {
    private static final String PRIVATE_DIR = "rwx------";
    private static final String PRIVATE_FILE = "rw-------";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ALERT_WAIT = Duration.ofSeconds(1);

    private final String target;
    private final DockerEngine engine;
    private final Path tlsDirectory;

    private TargetEngine(String target, DockerEngine engine, Path tlsDirectory) {
        this.target = target;
        this.engine = engine;
        this.tlsDirectory = tlsDirectory;
    }

    /**
     * The engine of {@code connection}; for TLS its PEM files are written into a new private directory under
     * {@code keysRoot} (created 0700 if missing). The caller closes it once no client of the engine is left.
     */
    public static TargetEngine open(TargetConnection connection, Path keysRoot) {
        if (connection.kind() != TargetKind.DOCKER) {
            throw new IllegalArgumentException("target '" + connection.name() + "' is a " + connection.kind().text()
                    + " target, not a Docker engine");
        }
        boolean tls = connection.caPem().isPresent() && connection.certPem().isPresent() && connection.keyPem().isPresent();
        if (!tls) {
            return new TargetEngine(connection.name(), new DockerEngine(connection.endpoint()), null);
        }
        Path dir = privateDirectory(keysRoot, connection.name());
        try {
            write(dir.resolve("ca.pem"), connection.caPem().get());
            write(dir.resolve("cert.pem"), connection.certPem().get());
            write(dir.resolve("key.pem"), connection.keyPem().get());
            return new TargetEngine(connection.name(), new DockerEngine(connection.endpoint(), dir), dir);
        } catch (IOException | RuntimeException e) {
            Trees.delete(dir);
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the TLS files of target '"
                    + connection.name() + "' into " + dir, io) : (RuntimeException) e;
        }
    }

    /**
     * Removes what a server that stopped without closing its engines left under {@code keysRoot} (opened client keys
     * included); returns {@code keysRoot}, to be given to {@link #open}. Called before any engine is opened there.
     */
    public static Path clearKeys(Path keysRoot) {
        if (Files.isDirectory(keysRoot)) {
            try (Stream<Path> left = Files.list(keysRoot)) {
                left.forEach(Trees::delete);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear the engines' TLS files in " + keysRoot, e);
            }
        }
        return keysRoot;
    }

    public DockerEngine engine() {
        return engine;
    }

    /** Where its PEM files are, for a TLS target. */
    public Optional<Path> tlsDirectory() {
        return Optional.ofNullable(tlsDirectory);
    }

    /**
     * Asks the engine for a ping: empty when it answers, else why not, in words an admin can act on (the TLS
     * handshake's refusals are told apart from an engine that is not there).
     */
    public Optional<String> check() {
        try (DockerClient docker = engine.connect()) {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(tlsDirectory == null ? unreachable(e) : tlsProblem().orElseGet(() -> unreachable(e)));
        }
    }

    /**
     * Why a TLS handshake with the target's files fails, if it does. Under TLS 1.3 an engine that refuses the client
     * certificate hangs up while the client still writes its half of the handshake, so the client sees a broken pipe
     * or a reset rather than the engine's alert: any failure of the handshake itself that is not the engine's own
     * certificate (checked by the client, and said so) is the engine refusing Slipway's.
     */
    private Optional<String> tlsProblem() {
        URI uri = URI.create(engine.host());
        SSLSocket socket;
        try {
            SSLContext context = new LocalDirectorySSLConfig(tlsDirectory.toString()).getSSLContext();
            socket = (SSLSocket) context.getSocketFactory().createSocket(uri.getHost(), uri.getPort());
        } catch (Exception e) {
            return Optional.empty(); // not even a connection: unreachable, said by the caller
        }
        try (socket) {
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            socket.startHandshake();
            // the alert of a refusal may also come right after the client's last handshake message
            socket.setSoTimeout((int) ALERT_WAIT.toMillis());
            socket.getInputStream().read();
            return Optional.empty();
        } catch (java.net.SocketTimeoutException quiet) {
            return Optional.empty(); // no alert: the handshake was accepted
        } catch (Exception e) {
            String said = e.toString();
            if (said.contains("PKIX") || said.contains("CertificateException") || said.contains("No subject alternative")) {
                return Optional.of(where() + " is not the engine the target's CA vouches for: its certificate was not "
                        + "signed by the --tls-ca given, or does not name this host (" + said + ")");
            }
            return Optional.of(where() + " refused Slipway's client certificate during the TLS handshake (" + said
                    + "): the engine accepts only certificates signed by the CA it was started with (dockerd "
                    + "--tlsverify --tlscacert); register the target again with a certificate and key that CA signed "
                    + "(`slipway target remove " + target + "`, then `slipway target add " + target + " --docker "
                    + engine.host() + " --tls-ca ca.pem --tls-cert cert.pem --tls-key key.pem`)");
        }
    }

    private String unreachable(Exception e) {
        return where() + " cannot be reached: " + e;
    }

    private String where() {
        return "target '" + target + "' (Docker engine " + engine.host() + ")";
    }

    /** Removes the TLS directory (the opened client key with it). */
    @Override
    public void close() {
        if (tlsDirectory != null) {
            Trees.delete(tlsDirectory);
        }
    }

    private static Path privateDirectory(Path root, String name) {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_DIR)));
            }
            return Files.createTempDirectory(root, "tls-" + name + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_DIR)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a private directory for the TLS files of target '" + name
                    + "' under " + root, e);
        }
    }

    private static void write(Path file, String pem) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_FILE)));
        Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String toString() {
        return "TargetEngine[" + target + " " + engine.host() + (tlsDirectory != null ? " (TLS)" : "") + "]";
    }
}
