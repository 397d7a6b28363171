package dev.slipway.target;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A machine an admin pointed Slipway at: its engine's endpoint ({@code unix:///…} or {@code tcp://HOST:PORT}), how
 * to speak TLS to it, and its labels, which label bindings select it by. {@code insecure}: a plain tcp:// endpoint
 * the admin explicitly accepted. A Kubernetes target's endpoint is its cluster's API server URL (or
 * {@value TargetCluster#IN_CLUSTER}) and {@code cluster} says which namespace and how Slipway is let in.
 */
public record Target(String name, TargetKind kind, String endpoint, Optional<TargetTls> tls, boolean insecure,
                     Map<String, String> labels, Instant createdAt, String createdBy, Optional<TargetCluster> cluster) {
    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isPresent() != (kind == TargetKind.KUBERNETES)) {
            throw new IllegalArgumentException("target '" + name + "': a cluster's namespace and access belong to "
                    + "kubernetes targets only");
        }
        labels = Collections.unmodifiableMap(new TreeMap<>(labels)); // sorted: shown and compared as people read them
    }

    /** A Docker engine's target. */
    public Target(String name, TargetKind kind, String endpoint, Optional<TargetTls> tls, boolean insecure,
                  Map<String, String> labels, Instant createdAt, String createdBy) {
        this(name, kind, endpoint, tls, insecure, labels, createdAt, createdBy, Optional.empty());
    }

    public Target withLabels(Map<String, String> newLabels) {
        return new Target(name, kind, endpoint, tls, insecure, newLabels, createdAt, createdBy, cluster);
    }

    /** Labels as people write them: {@code site=ka,tier=web}. */
    public String labelText() {
        return String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
