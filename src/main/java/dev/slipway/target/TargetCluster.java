package dev.slipway.target;

import java.util.Objects;
import java.util.Optional;

/**
 * How Slipway works on a Kubernetes cluster (a target's or an executor's): the namespace it acts in, and either the
 * kubeconfig's context with the kubeconfig itself kept sealed ({@link TargetKeySeal}: it holds the cluster's
 * credentials), or {@code inCluster}: the service account of the pod Slipway runs in, nothing stored. Namespace and
 * context are shown; the kubeconfig never is.
 */
public record TargetCluster(String namespace, Optional<String> context, boolean inCluster,
                            Optional<String> sealedKubeconfig) {
    /** What a target or executor of a cluster shows as its endpoint when it uses the pod's own service account. */
    public static final String IN_CLUSTER = "in-cluster";

    public TargetCluster {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(sealedKubeconfig, "sealedKubeconfig");
        if (inCluster == sealedKubeconfig.isPresent() || sealedKubeconfig.isPresent() != context.isPresent()) {
            throw new IllegalArgumentException("a cluster is reached in-cluster (no kubeconfig, no context) or with a "
                    + "kubeconfig and its context");
        }
    }

    public static TargetCluster inCluster(String namespace) {
        return new TargetCluster(namespace, Optional.empty(), true, Optional.empty());
    }

    public static TargetCluster kubeconfig(String namespace, String context, String sealedKubeconfig) {
        return new TargetCluster(namespace, Optional.of(context), false, Optional.of(sealedKubeconfig));
    }

    @Override
    public String toString() {
        return "TargetCluster[" + namespace + " " + (inCluster ? IN_CLUSTER : "context " + context.orElse("")) + "]";
    }
}
