package dev.slipway.runner;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import dev.slipway.target.docker.TargetEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A client of one {@link JobEngine}, made as a target's is ({@link TargetEngine}): nothing is read from ~/.docker or
 * DOCKER_*; for TLS the PEM texts are written, owner-only, to a directory of their own under {@code keysRoot},
 * removed when the client is closed (boot clears what a crash left there before any job runs).
 */
final class EngineClient implements AutoCloseable {
    private final TargetEngine engine;
    private final DockerClient docker;

    private EngineClient(TargetEngine engine, DockerClient docker) {
        this.engine = engine;
        this.docker = docker;
    }

    static EngineClient connect(JobEngine engine, Path keysRoot) throws IOException {
        TargetEngine opened;
        try {
            opened = TargetEngine.open(new TargetConnection(engine.name(), TargetKind.DOCKER, engine.endpoint(),
                    engine.caPem(), engine.certPem(), engine.keyPem()), keysRoot);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new EngineClient(opened, opened.engine().connect());
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
        } finally {
            engine.close(); // its TLS files go with it
        }
    }
}
