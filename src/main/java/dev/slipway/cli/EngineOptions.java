package dev.slipway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How an engine is reached, as `slipway target add` and `slipway executor add` take it: a Docker engine's endpoint,
 * TLS client files (read here, sent as PEM text; the key is stored sealed by the server) and {@code --insecure}; or a
 * Kubernetes cluster ({@link ClusterOptions}). Exactly one of {@code --docker} and {@code --kubernetes}.
 */
final class EngineOptions {
    private static final long MAX_PEM_BYTES = 64 * 1024;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--docker", paramLabel = "ENDPOINT",
            description = "The engine: unix:///var/run/docker.sock or tcp://HOST:PORT")
    String endpoint;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate (PEM) that signed the engine's")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM) the engine checks")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Client key (PEM); stored sealed, never shown")
    Path tlsKey;

    @Option(names = "--insecure", description = "Accept a tcp:// engine without TLS (anyone who reaches it can run containers)")
    boolean insecure;

    /**
     * Puts kind and, for a Docker engine, endpoint, tls_ca, tls_cert, tls_key and insecure into a request body; for a
     * cluster, what {@link ClusterOptions} sends. Docker options given with --kubernetes are sent too: the server
     * says why a cluster does not take them.
     */
    void putInto(Map<String, Object> body) {
        if ((endpoint != null) == cluster.kubernetes) {
            throw new ParameterException(spec.commandLine(), endpoint == null ? "say which engine: --docker ENDPOINT "
                    + "(e.g. unix:///var/run/docker.sock) or --kubernetes --kubeconfig FILE --namespace NS"
                    : "--docker and --kubernetes exclude each other: give one");
        }
        if (cluster.anyGiven()) {
            cluster.putInto(body);
        } else {
            body.put("kind", "docker");
        }
        body.put("endpoint", endpoint);
        body.put("tls_ca", pem(tlsCa, "--tls-ca"));
        body.put("tls_cert", pem(tlsCert, "--tls-cert"));
        body.put("tls_key", pem(tlsKey, "--tls-key"));
        body.put("insecure", insecure);
    }

    private String pem(Path file, String option) {
        if (file == null) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_PEM_BYTES) {
                throw new ParameterException(spec.commandLine(), option + " " + file + " is larger than "
                        + MAX_PEM_BYTES / 1024 + " KiB: not a PEM file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + option + " " + file + ": " + e);
        }
    }
}
