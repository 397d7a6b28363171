package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A git server over SSH for tests: Debian's OpenSSH server on a loopback port of its own, with a host key and a
 * client key made here, serving bare repositories to the user running the tests ({@code git-upload-pack} through
 * the login shell, as on any SSH git host). Stopped by its pidfile.
 */
public final class SshUpstream implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process process;

    private SshUpstream(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static SshUpstream start(Path dir) throws IOException {
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        if (isRoot()) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"),
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password", "StrictModes no", "UsePAM no", "") );
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        SshUpstream upstream = new SshUpstream(dir, port, process);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("sshd stopped: " + Files.readString(dir.resolve("sshd.log")));
                }
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            upstream.close();
            throw e;
        }
        return upstream;
    }

    /** A new bare repository; returns its ssh:// URL. */
    public String create(String name) {
        Path repo = repository(name);
        RealCommand.run(Duration.ofSeconds(30), Map.of(), List.of("git", "init", "-q", "--bare", "-b", "main",
                repo.toString())).ok();
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repo;
    }

    public Path repository(String name) {
        return dir.resolve("repos").resolve(name + ".git");
    }

    /** The client's private key, which the server takes. */
    public String clientKey() {
        return read(dir.resolve("client_key"));
    }

    /** The server's host key as a known_hosts line for this port. */
    public String knownHosts() {
        return "[127.0.0.1]:" + port + " " + read(dir.resolve("host_key.pub")).strip();
    }

    /** A known_hosts line for this port with a key that is not the server's. */
    public String wrongKnownHosts() throws IOException {
        keygen(dir.resolve("other_key"));
        return "[127.0.0.1]:" + port + " " + read(dir.resolve("other_key.pub")).strip();
    }

    private static void keygen(Path key) {
        RealCommand.run(Duration.ofSeconds(30), Map.of(), List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                "-C", "slipway-test", "-f", key.toString())).ok();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Path pidfile = dir.resolve("sshd.pid");
        try {
            if (Files.exists(pidfile)) {
                long pid = Long.parseLong(Files.readString(pidfile).strip());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the process we started
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
