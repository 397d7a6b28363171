package dev.slipway.store;

import dev.slipway.target.TargetCluster;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The four columns a Kubernetes target or executor keeps (V25): namespace, kube_context, in_cluster, kubeconfig_sealed. */
final class ClusterColumns {
    private ClusterColumns() {}

    /** :namespace, :context, :inCluster, :kubeconfig — nulls and false for a Docker engine. */
    static Map<String, Object> bindings(Optional<TargetCluster> cluster) {
        Map<String, Object> values = new HashMap<>();
        values.put("namespace", cluster.map(TargetCluster::namespace).orElse(null));
        values.put("context", cluster.flatMap(TargetCluster::context).orElse(null));
        values.put("inCluster", cluster.map(TargetCluster::inCluster).orElse(false));
        values.put("kubeconfig", cluster.flatMap(TargetCluster::sealedKubeconfig).orElse(null));
        return values;
    }

    static Optional<TargetCluster> cluster(ResultSet rs) throws SQLException {
        String namespace = rs.getString("namespace");
        if (namespace == null) {
            return Optional.empty();
        }
        return Optional.of(new TargetCluster(namespace, Optional.ofNullable(rs.getString("kube_context")),
                rs.getBoolean("in_cluster"), Optional.ofNullable(rs.getString("kubeconfig_sealed"))));
    }
}
