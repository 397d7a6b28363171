package dev.slipway.image;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.slipway.testing.Skopeo;
import java.util.concurrent.TimeUnit;

/**
 * The CNCF distribution registry (Debian's {@code docker-registry}) with authentication, which the shared
 * {@link dev.slipway.testing.TestRegistry} (anonymous) does not offer: htpasswd Basic auth (bcrypt made by Debian's
 * Python {@code crypt}) or Bearer tokens from a realm. On a free loopback port, storage in the test's temp directory,
 * stopped by its pid.
 */
public final class DistributionRegistry implements AutoCloseable {
    public final String host;
    private final Process process;
    private final Path log;

    private DistributionRegistry(String host, Process process, Path log) {
        this.host = host;
        this.process = process;
        this.log = log;
    }

    public static DistributionRegistry withUser(Path dir, String user, String password) throws Exception {
        return start(dir, """
                auth:
                  htpasswd:
                    realm: slipway-test
                    path: %s
                """.formatted(htpasswd(dir, user, password)));
    }

    /** Token auth: tokens from {@code realm}, signed by the key of {@code certificate} (a PEM file). */
    static DistributionRegistry withTokens(Path dir, String realm, Path certificate) throws Exception {
        return start(dir, """
                auth:
                  token:
                    realm: %s
                    service: test-registry
                    issuer: test-issuer
                    rootcertbundle: %s
                """.formatted(realm, certificate));
    }

    private static DistributionRegistry start(Path dir, String auth) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(dir.resolve("data"), host));
        config.append(auth);
        Files.createDirectories(dir);
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder("docker-registry", "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DistributionRegistry registry = new DistributionRegistry(host, process, log);
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    return status == 200 || status == 401;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private static Path htpasswd(Path dir, String user, String password) throws Exception {
        Path htpasswd = Files.createDirectories(dir).resolve("htpasswd");
        Files.writeString(htpasswd, user + ":" + bcrypt(password) + "\n");
        return htpasswd;
    }

    private static String bcrypt(String password) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-W", "ignore", "-c",
                "import crypt,sys; print(crypt.crypt(sys.stdin.read(), crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))")
                .start();
        python.getOutputStream().write(password.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String hash = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (python.waitFor() != 0 || !hash.startsWith("$2")) {
            throw new IllegalStateException("could not make a bcrypt hash with python3 crypt: "
                    + new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return hash;
    }

    /** {@code skopeo inspect} of {@code REPOSITORY:TAG} or {@code REPOSITORY@DIGEST} here, logged in as user:password. */
    public String skopeoInspect(Path skopeoDir, String reference, String credentials) {
        return new Skopeo(skopeoDir).run("inspect", "--creds", credentials, "docker://" + host + "/" + reference).ok().out();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
        if (handle == null) {
            return;
        }
        handle.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
