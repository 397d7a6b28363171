package dev.slipway.target.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How Slipway reaches one Docker engine: its host, {@code unix:///…/docker.sock} or {@code tcp://HOST:PORT}, and for
 * TLS a directory holding {@code ca.pem}, {@code cert.pem} and {@code key.pem} (Docker's own layout; null for none).
 */
public record DockerEngine(String host, Path tlsDirectory) {

    public DockerEngine {
        URI uri = URI.create(host);
        if (!"unix".equals(uri.getScheme()) && !"tcp".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Docker host '" + host + "' is neither unix:///PATH/docker.sock nor "
                    + "tcp://HOST:PORT");
        }
        if ("tcp".equals(uri.getScheme()) && (uri.getHost() == null || uri.getPort() < 0)) {
            throw new IllegalArgumentException("Docker host '" + host + "' needs a host and a port: tcp://HOST:PORT");
        }
    }

    /** An engine reached without TLS. */
    public DockerEngine(String host) {
        this(host, null);
    }

    /** A client of the engine; the caller closes it. Nothing is read from ~/.docker or DOCKER_* beyond what is given. */
    public DockerClient connect() {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).withDockerTlsVerify(tlsDirectory != null);
        if (tlsDirectory != null) {
            config.withDockerCertPath(tlsDirectory.toString());
        }
        DefaultDockerClientConfig built = config.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5)).build();
        return DockerClientImpl.getInstance(built, http);
    }

    /** Where its containers (on the host network) answer: 127.0.0.1 for a local socket, the engine's host otherwise. */
    public String serviceHost() {
        URI uri = URI.create(host);
        return "tcp".equals(uri.getScheme()) ? uri.getHost() : "127.0.0.1";
    }

    /** The engine's own words: the message of its error body, without docker-java's "Status 404: " prefix. */
    public static String message(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).strip();
        if (message.startsWith("Status ") && message.contains(": ")) {
            message = message.substring(message.indexOf(": ") + 2);
        }
        if (message.startsWith("{") && message.contains("\"message\":\"")) {
            int from = message.indexOf("\"message\":\"") + "\"message\":\"".length();
            int to = message.indexOf('"', from);
            message = to < 0 ? message : message.substring(from, to);
        }
        return message;
    }

    /** How long a removal someone else started may take before {@link #forceRemove} gives up waiting for it. */
    private static final long REMOVAL_WAIT_MILLIS = 30_000;

    /**
     * Removes the container, running or not (its anonymous volumes with it), and returns once it is gone: one already
     * gone is left alone; one whose removal another call started (the engine answers 409) is waited for, so a caller
     * that removed a container never finds it still listed.
     */
    public static void forceRemove(com.github.dockerjava.api.DockerClient docker, String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return; // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            awaitGone(docker, container); // its removal is under way
        }
    }

    private static void awaitGone(com.github.dockerjava.api.DockerClient docker, String container) {
        long deadline = System.currentTimeMillis() + REMOVAL_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                docker.inspectContainerCmd(container).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
