package dev.slipway.web.api;

import dev.slipway.target.NewCluster;
import java.util.Optional;

/** The cluster fields of a target's or an executor's request body (kubeconfig, context, in_cluster, namespace). */
final class ClusterBody {
    private ClusterBody() {}

    /** Empty when none of them is given: a Docker engine's request. */
    static Optional<NewCluster> of(String kubeconfig, String context, Boolean inCluster, String namespace) {
        if (kubeconfig == null && context == null && inCluster == null && namespace == null) {
            return Optional.empty();
        }
        return Optional.of(new NewCluster(Optional.ofNullable(kubeconfig), Optional.ofNullable(context),
                Boolean.TRUE.equals(inCluster), namespace));
    }
}
