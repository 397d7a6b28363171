package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.MockCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes clusters registered as targets and executors with the real CLI against the real server (its own JVM),
 * which reaches fabric8's mock API server over loopback: the kubeconfig goes in as text and never comes out — not in
 * a response, the audit log or the server's log — and a cluster that cannot be used is refused in plain words.
 */
class KubernetesTargetsE2ETest extends OneServerE2E {
    static final String TOKEN = "e2e-cluster-token-4711";
    static MockCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** The mock's kubeconfig with a token of our own, so any leak of it is found. */
    static Path kubeconfig(String name, String context, String server) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, cluster.kubeconfigText(context, "default").replace("test-token", TOKEN)
                .replace(cluster.url(), server));
        return file;
    }

    @Test
    void anAdminRegistersAClusterAsATargetAndAnExecutorAndTheKubeconfigNeverComesOut() throws Exception {
        createApp("shop");
        Path eu = kubeconfig("eu.kubeconfig", "eu", cluster.url());

        CliRunner.Result added = cli.run("target", "add", "eu-1", "--kubernetes", "--kubeconfig", eu.toString(),
                "--namespace", "shop-prod", "--label", "site=eu");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("target eu-1 added: kubernetes at " + cluster.url() + ", namespace shop-prod "
                + "(kubeconfig context eu), labels site=eu");
        assertThat(cli.run("target", "list").out())
                .containsPattern("eu-1\\s+kubernetes\\s+" + cluster.url() + "\\s+shop-prod\\s+kubeconfig context eu\\s+"
                        + "site=eu");
        assertThat(cli.run("target", "show", "eu-1").out()).contains("kind:     kubernetes")
                .contains("endpoint: " + cluster.url()).contains("namespace: shop-prod").contains("context:  eu");

        JsonNode shown = api.get("/api/v1/targets/eu-1").get("target");
        assertThat(shown.get("kind").asText()).isEqualTo("kubernetes");
        assertThat(shown.get("endpoint").asText()).isEqualTo(cluster.url());
        assertThat(shown.get("namespace").asText()).isEqualTo("shop-prod");
        assertThat(shown.get("context").asText()).isEqualTo("eu");
        assertThat(shown.get("in_cluster").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/targets").toString()).doesNotContain(TOKEN).doesNotContain("kubeconfig\"");

        // bindings work unchanged
        CliRunner.Result bound = cli.run("target", "bind", "--label", "site=eu", "--app", "shop", "--env", "production");
        assertThat(bound.exit()).as(bound.err()).isZero();
        assertThat(api.get("/api/v1/target-bindings?app=shop&environment=production").get("targets").get(0)
                .get("name").asText()).isEqualTo("eu-1");

        CliRunner.Result executor = cli.run("executor", "add", "pods", "--kubernetes", "--kubeconfig", eu.toString(),
                "--context", "eu", "--namespace", "ci-jobs");
        assertThat(executor.exit()).as(executor.err()).isZero();
        assertThat(executor.out()).contains("executor pods added: kubernetes at " + cluster.url());
        assertThat(cli.run("executor", "list").out())
                .containsPattern("pods\\s+kubernetes\\s+" + cluster.url() + "\\s+kubeconfig context eu, namespace ci-jobs");

        assertThat(cli.run("audit").out()).contains("target.added").contains("executor.added").doesNotContain(TOKEN);
        assertThat(Files.readString(tmp.resolve("data-server.log"))).doesNotContain(TOKEN);
    }

    @Test
    void whatCannotBeUsedIsRefusedInPlainWords() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path nowhere = kubeconfig("nowhere.kubeconfig", "gone", "http://127.0.0.1:" + closed);
        CliRunner.Result unreachable = cli.run("target", "add", "gone", "--kubernetes", "--kubeconfig",
                nowhere.toString(), "--namespace", "shop");
        assertThat(unreachable.exit()).isNotZero();
        assertThat(unreachable.err()).contains("target 'gone' cannot be used: cluster at http://127.0.0.1:" + closed
                + "/ cannot be reached (connection refused").contains("is the kubeconfig's server address right");

        Path eu = kubeconfig("eu2.kubeconfig", "eu", cluster.url());
        CliRunner.Result wrongContext = cli.run("target", "add", "eu-2", "--kubernetes", "--kubeconfig", eu.toString(),
                "--context", "us", "--namespace", "shop");
        assertThat(wrongContext.err()).contains("--context 'us' is not in the kubeconfig: give one of its contexts (eu)");

        CliRunner.Result badNamespace = cli.run("target", "add", "eu-2", "--kubernetes", "--kubeconfig", eu.toString(),
                "--namespace", "Shop_Prod");
        assertThat(badNamespace.err()).contains("--namespace 'Shop_Prod' is not a Kubernetes namespace name");

        Path withFiles = tmp.resolve("files.kubeconfig");
        Files.writeString(withFiles, Files.readString(eu).replace("token: " + TOKEN, "client-certificate: /home/me/c.pem"
                + "\n    client-key: /home/me/k.pem"));
        assertThat(cli.run("target", "add", "eu-2", "--kubernetes", "--kubeconfig", withFiles.toString(),
                "--namespace", "shop").err()).contains("client-certificate is a file")
                .contains("embed them: kubectl config view --flatten --minify --context eu > FILE");

        CliRunner.Result inCluster = cli.run("executor", "add", "home", "--kubernetes", "--in-cluster", "--namespace",
                "jobs");
        assertThat(inCluster.err()).contains("this Slipway server does not run in a Kubernetes pod");

        assertThat(cli.run("target", "add", "x", "--kubernetes", "--docker", "unix:///run/d.sock").err())
                .contains("--docker and --kubernetes exclude each other");
        assertThat(cli.run("target", "add", "x", "--kubeconfig", eu.toString(), "--namespace", "shop").err())
                .contains("say which engine");

        String appAdmin = tokenFor("shop-owner", "admin", "shop");
        assertThat(cli.as(appAdmin).run("target", "add", "eu-3", "--kubernetes", "--kubeconfig", eu.toString(),
                "--namespace", "shop").err()).contains("needs role admin on every app");

        HttpResponse<String> api400 = api.raw("POST", "/api/v1/targets", new ObjectMapper().writeValueAsString(
                java.util.Map.of("name", "eu-4", "kind", "kubernetes", "kubeconfig", Files.readString(eu), "namespace",
                        "shop", "tls_key", "-----BEGIN PRIVATE KEY-----")));
        assertThat(api400.statusCode()).isEqualTo(400);
        assertThat(api400.body()).contains("are for Docker engines").doesNotContain(TOKEN);
        assertThat(cli.run("target", "list").out()).doesNotContain("gone").doesNotContain("eu-2")
                .doesNotContain("eu-3").doesNotContain("eu-4");
    }
}
