package dev.slipway.target;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine an admin gave jobs to run on ({@code slipway executor add}): a job that says {@code container:} runs
 * there — as a container on a Docker engine, or as a pod in a Kubernetes cluster's namespace. Its endpoint, TLS and
 * cluster are as for a {@link Target} (the client key and the kubeconfig sealed, {@code insecure} a plain tcp://
 * endpoint the admin explicitly accepted); unlike a target it serves no environment and has no labels.
 */
public record Executor(String name, TargetKind kind, String endpoint, Optional<TargetTls> tls, boolean insecure,
                       Instant createdAt, String createdBy, Optional<TargetCluster> cluster) {
    public Executor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isPresent() != (kind == TargetKind.KUBERNETES)) {
            throw new IllegalArgumentException("executor '" + name + "': a cluster's namespace and access belong to "
                    + "kubernetes executors only");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** A Docker engine's executor. */
    public Executor(String name, String endpoint, Optional<TargetTls> tls, boolean insecure, Instant createdAt,
                    String createdBy) {
        this(name, TargetKind.DOCKER, endpoint, tls, insecure, createdAt, createdBy, Optional.empty());
    }

    /** Whether the engine runs on this host (a unix socket): a job's workspace is then mounted, not copied. */
    public boolean local() {
        return endpoint.startsWith("unix:");
    }
}
