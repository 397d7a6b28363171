package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

class MockClusterTest {
    @Test
    void anotherClientReachesTheObjectsThroughTheKubeconfig() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata()
                    .withName("web").endMetadata().withNewSpec().withReplicas(2).endSpec().build()).create();
            Config config = Config.fromKubeconfig("one", cluster.kubeconfigText("one", "shop"), null);
            try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(other.getNamespace()).isEqualTo("shop");
                assertThat(other.apps().deployments().withName("web").get().getSpec().getReplicas()).isEqualTo(2);
            }
        }
    }
}
