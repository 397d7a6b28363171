package dev.slipway.target.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.target.TargetConnection;
import dev.slipway.target.TargetKind;
import dev.slipway.testing.MockCluster;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster's client is built from what was stored and nothing else, and {@link Clusters#unreachable} says why a
 * cluster cannot be used in words an admin can act on — against fabric8's mock API server (CRUD mode for a cluster
 * that works; expectations for one that refuses) and a closed port.
 */
class ClustersTest {
    static MockCluster cluster;

    @BeforeAll
    static void start() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static TargetConnection connection(String kubeconfig, String context, String namespace) {
        return new TargetConnection("eu-1", TargetKind.KUBERNETES, "http://ignored", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(new TargetConnection.Cluster(namespace,
                Optional.of(context), false, Optional.of(kubeconfig))));
    }

    @Test
    void aClusterThatAnswersIsUsableAndTheClientWorksInTheTargetsNamespace() {
        cluster.client().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata().build()).create();
        try (KubernetesClient client = Clusters.open(connection(cluster.kubeconfigText("eu-1", "other"), "eu-1",
                "shop"))) {
            assertThat(Clusters.unreachable(client, "shop")).isEmpty();
            assertThat(client.getNamespace()).as("the target's namespace, not the context's").isEqualTo("shop");
            assertThat(client.apps().deployments().list().getItems()).extracting(d -> d.getMetadata().getName())
                    .containsExactly("web");
        }
    }

    @Test
    void onlyWhatWasStoredIsUsedNeverThisServersOwnSettings() throws Exception {
        // fabric8 reads kubernetes.* system properties (and KUBERNETES_* variables, ~/.kube/config) when it
        // auto-configures; a target must not pick them up
        String[] keys = {"kubernetes.master", "kubernetes.auth.token", "kubernetes.namespace"};
        try {
            System.setProperty(keys[0], "https://10.9.9.9:6443");
            System.setProperty(keys[1], "the-servers-own-token");
            System.setProperty(keys[2], "the-servers-namespace");
            Config config = Clusters.config(connection(cluster.kubeconfigText("eu-1", "other"), "eu-1", "shop"),
                    new Clusters.Pod(Optional.empty(), Optional.empty(), Path.of("/nonexistent")));
            assertThat(config.getMasterUrl()).startsWith(cluster.url());
            assertThat(config.getNamespace()).isEqualTo("shop");
            assertThat(config.getConnectionTimeout()).isEqualTo(5_000);
            assertThat(config.getRequestTimeout()).isEqualTo(30_000);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                client.apps().deployments().list();
            }
            assertThat(cluster.server().getLastRequest().getHeader("Authorization"))
                    .as("the kubeconfig's token").isEqualTo("Bearer test-token");
            assertThat(cluster.server().getLastRequest().getPath()).startsWith("/apis/apps/v1/namespaces/shop/");
        } finally {
            for (String key : keys) {
                System.clearProperty(key);
            }
        }
    }

    @Test
    void inClusterUsesThePodsServiceAccountAndSaysSoWhenThereIsNone(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("token"), "pod-token-1\n");
        Files.writeString(dir.resolve("ca.crt"), "not read until a request is made");
        TargetConnection inCluster = new TargetConnection("eu-1", TargetKind.KUBERNETES, "in-cluster",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(new TargetConnection.Cluster("shop",
                Optional.empty(), true, Optional.empty())));
        Config config = Clusters.config(inCluster, new Clusters.Pod(Optional.of("10.96.0.1"), Optional.of("443"), dir));
        assertThat(config.getMasterUrl()).startsWith("https://10.96.0.1:443");
        assertThat(config.getCaCertFile()).isEqualTo(dir.resolve("ca.crt").toString());
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("pod-token-1");
        Files.writeString(dir.resolve("token"), "pod-token-2\n"); // the kubelet rotated it
        assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("pod-token-2");
        assertThat(config.getNamespace()).isEqualTo("shop");

        assertThatThrownBy(() -> Clusters.config(inCluster, new Clusters.Pod(Optional.empty(), Optional.empty(), dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'eu-1' is reached in-cluster, but this Slipway server does not run in a "
                        + "Kubernetes pod (no KUBERNETES_SERVICE_HOST)")
                .hasMessageContaining("--kubeconfig FILE");
    }

    @Test
    void certificatesThatDoNotReadAreSaidSoNotAsAnErrorHasOccurred() {
        String kubeconfig = cluster.kubeconfigText("eu-1", "shop").replace("    server: " + cluster.url(),
                "    server: https://127.0.0.1:1\n    certificate-authority-data: Zm9v")
                .replace("    token: test-token", "    client-certificate-data: Zm9v\n    client-key-data: Zm9v");
        assertThatThrownBy(() -> Clusters.open(connection(kubeconfig, "eu-1", "shop")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the kubeconfig of 'eu-1' does not make a client (CertificateException: ")
                .hasMessageContaining("must hold base64 PEM");
    }

    @Test
    void aClosedPortIsUnreachableSaidPlainly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String kubeconfig = cluster.kubeconfigText("eu-1", "shop").replace(cluster.url(), "http://127.0.0.1:" + port);
        try (KubernetesClient client = Clusters.open(connection(kubeconfig, "eu-1", "shop"))) {
            assertThat(Clusters.unreachable(client, "shop")).hasValueSatisfying(why -> assertThat(why)
                    .startsWith("cluster at http://127.0.0.1:" + port + "/ cannot be reached (")
                    .contains("connection refused").contains("is the kubeconfig's server address right"));
        }
    }

    @Test
    void refusedCredentialsAndAClosedNamespaceAreToldApart() {
        KubernetesMockServer refusing = new KubernetesMockServer(false);
        refusing.init(InetAddress.getLoopbackAddress(), 0);
        try {
            String kubeconfig = cluster.kubeconfigText("eu-1", "shop").replace(cluster.url(),
                    "http://127.0.0.1:" + refusing.getPort());
            // the mock answers GET /version itself (as real API servers do for anyone); credentials show on the list
            refusing.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments?limit=1").andReturn(401,
                    new StatusBuilder().withCode(401).withMessage("Unauthorized").build()).always();
            try (KubernetesClient client = Clusters.open(connection(kubeconfig, "eu-1", "shop"))) {
                assertThat(Clusters.unreachable(client, "shop")).hasValueSatisfying(why -> assertThat(why)
                        .startsWith("cluster at http://127.0.0.1:" + refusing.getPort() + "/ refused us: 401 "
                                + "Unauthorized (Unauthorized)").contains("give one that is current"));
            }

            refusing.clearExpectations();
            refusing.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments?limit=1").andReturn(403,
                    new StatusBuilder().withCode(403).withMessage("deployments.apps is forbidden: User "
                            + "\"system:serviceaccount:slipway:slipway\" cannot list resource \"deployments\"").build())
                    .always();
            try (KubernetesClient client = Clusters.open(connection(kubeconfig, "eu-1", "shop"))) {
                assertThat(Clusters.unreachable(client, "shop")).hasValueSatisfying(why -> assertThat(why)
                        .contains("refused us: 403 Forbidden (deployments.apps is forbidden")
                        .contains("Slipway may not list deployments in namespace 'shop'")
                        .contains("deploy/kubernetes"));
            }
        } finally {
            refusing.destroy();
        }
    }
}
