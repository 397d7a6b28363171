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
 * read from ~/.docker or DOCKER_*; for TLS the PEM texts are written, owner-only, to a directory of their own in
 * Docker's layout (ca.pem, cert.pem, key.pem), removed when the client is closed.
 */
final class EngineClient implements AutoCloseable {
    private final DockerClient docker;
    private final Optional<Path> tlsDirectory;

    private EngineClient(DockerClient docker, Optional<Path> tlsDirectory) {
        this.docker = docker;
        this.tlsDirectory = tlsDirectory;
    }

    static EngineClient connect(JobEngine engine) throws IOException {
        Optional<Path> tls = engine.keyPem().isPresent() ? Optional.of(tlsFiles(engine)) : Optional.empty();
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(engine.endpoint()).withDockerTlsVerify(tls.isPresent());
        tls.ifPresent(dir -> config.withDockerCertPath(dir.toString()));
        DefaultDockerClientConfig built = config.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5)).build();
        return new EngineClient(DockerClientImpl.getInstance(built, http), tls);
    }

    private static Path tlsFiles(JobEngine engine) throws IOException {
        Path dir = Files.createTempDirectory("slipway-executor-tls",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve("ca.pem"), engine.caPem().orElseThrow());
        Files.writeString(dir.resolve("cert.pem"), engine.certPem().orElseThrow());
        Files.writeString(dir.resolve("key.pem"), engine.keyPem().orElseThrow());
        return dir;
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
