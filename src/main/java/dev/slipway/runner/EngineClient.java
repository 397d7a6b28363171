package dev.slipway.runner;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * A client of one {@link JobEngine}, as {@code environment.docker.DockerEngine} connects to a target's: nothing is
 * read from ~/.docker or DOCKER_*; for TLS the PEM texts are written, owner-only, to a directory of their own under
 * {@code keysRoot} in Docker's layout (ca.pem, cert.pem, key.pem), removed when the client is closed (boot clears
 * what a crash left there before any job runs).
 */
final class EngineClient implements AutoCloseable {
    private final DockerClient docker;
    private final Optional<Path> tlsDirectory;

    private EngineClient(DockerClient docker, Optional<Path> tlsDirectory) {
        this.docker = docker;
        this.tlsDirectory = tlsDirectory;
    }

    static EngineClient connect(JobEngine engine, Path keysRoot) throws IOException {
        Optional<Path> tls = engine.keyPem().isPresent() ? Optional.of(tlsFiles(engine, keysRoot)) : Optional.empty();
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(engine.endpoint()).withDockerTlsVerify(tls.isPresent());
        tls.ifPresent(dir -> config.withDockerCertPath(dir.toString()));
        DefaultDockerClientConfig built = config.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5)).build();
        return new EngineClient(DockerClientImpl.getInstance(built, http), tls);
    }

    private static Path tlsFiles(JobEngine engine, Path keysRoot) throws IOException {
        Files.createDirectories(keysRoot, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dir = Files.createTempDirectory(keysRoot, engine.name() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Files.writeString(dir.resolve("ca.pem"), engine.caPem().orElseThrow());
            Files.writeString(dir.resolve("cert.pem"), engine.certPem().orElseThrow());
            Path key = Files.createFile(dir.resolve("key.pem"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, engine.keyPem().orElseThrow());
            return dir;
        } catch (IOException | RuntimeException e) {
            JobContainer.deleteQuietly(dir);
            throw e;
        }
    }

    DockerClient docker() {
        return docker;
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
        tlsDirectory.ifPresent(JobContainer::deleteQuietly);
    }
}
