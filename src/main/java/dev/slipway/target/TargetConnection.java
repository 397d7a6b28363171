package dev.slipway.target;

import java.util.Optional;

/**
 * What a target's engine client needs to connect: the endpoint and, for TLS, the PEM texts with the client key
 * opened; for a Kubernetes cluster, {@code cluster} (the namespace and the kubeconfig opened, or in-cluster).
 * Server-side only: never in a response, a log line or an audit entry.
 */
public record TargetConnection(String name, TargetKind kind, String endpoint, Optional<String> caPem,
                               Optional<String> certPem, Optional<String> keyPem, Optional<Cluster> cluster) {

    /**
     * A cluster as a client reaches it: the namespace Slipway acts in, and the kubeconfig's text with the context to
     * use, or {@code inCluster} (the pod's own service account).
     */
    public record Cluster(String namespace, Optional<String> context, boolean inCluster, Optional<String> kubeconfig) {
        @Override
        public String toString() {
            return "Cluster[" + namespace + " " + (inCluster ? TargetCluster.IN_CLUSTER : "context "
                    + context.orElse("")) + "]"; // never the kubeconfig
        }
    }

    /** A Docker engine's connection. */
    public TargetConnection(String name, TargetKind kind, String endpoint, Optional<String> caPem,
                            Optional<String> certPem, Optional<String> keyPem) {
        this(name, kind, endpoint, caPem, certPem, keyPem, Optional.empty());
    }

    @Override
    public String toString() {
        return "TargetConnection[" + name + " " + endpoint + (keyPem.isPresent() ? " (TLS)" : "")
                + cluster.map(c -> " " + c).orElse("") + "]";
    }
}
