package dev.slipway.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a cluster given to a target or an executor must look like: each refusal names the option, says what to give
 * instead, and never quotes the kubeconfig (its credentials).
 */
class ClusterRulesTest {
    static final String TOKEN = "sekret-token-0123456789";

    /** A kubeconfig with two contexts; {@code user} and {@code cluster} are the YAML of the first context's. */
    static String kubeconfig(String cluster, String user, String current) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: eu
                  cluster:
                %s
                - name: us
                  cluster:
                    server: https://us.example:6443
                users:
                - name: eu-user
                  user:
                %s
                - name: us-user
                  user:
                    token: %s
                contexts:
                - name: eu
                  context: { cluster: eu, user: eu-user, namespace: shop }
                - name: us
                  context: { cluster: us, user: us-user }
                %s
                """.formatted(indent(cluster), indent(user), TOKEN, current == null ? "" : "current-context: " + current);
    }

    private static String indent(String yaml) {
        return yaml.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    static String good() {
        return kubeconfig("server: https://eu.example:6443\ncertificate-authority-data: Zm9v", "token: " + TOKEN, "eu");
    }

    private static ClusterRules.Checked check(String kubeconfig, String context, String namespace) {
        return ClusterRules.check("target 'k'", Optional.of(new NewCluster(Optional.ofNullable(kubeconfig),
                Optional.ofNullable(context), false, namespace)), false);
    }

    private static String refusal(Runnable call) {
        Problem problem = catchThrowableOfType(Problem.class, call::run);
        assertThat(problem).as("refused").isNotNull();
        assertThat(problem.kind()).isEqualTo(Problem.Kind.INVALID);
        assertThat(problem.getMessage()).doesNotContain(TOKEN);
        return problem.getMessage();
    }

    @Test
    void theCurrentContextIsTheDefaultAndItsServerTheEndpoint() {
        ClusterRules.Checked checked = check(good(), null, "shop");
        assertThat(checked.endpoint()).isEqualTo("https://eu.example:6443");
        assertThat(checked.cluster().context()).contains("eu");
        assertThat(checked.cluster().namespace()).isEqualTo("shop");
        assertThat(checked.cluster().kubeconfig()).contains(good());
        assertThat(checked.cluster().toString()).doesNotContain(TOKEN);

        ClusterRules.Checked other = check(good(), "us", "shop");
        assertThat(other.endpoint()).isEqualTo("https://us.example:6443");
        assertThat(other.cluster().context()).contains("us");
    }

    @Test
    void aContextThatIsNotThereListsTheOnesThatAre() {
        assertThat(refusal(() -> check(good(), "asia", "shop")))
                .isEqualTo("--context 'asia' is not in the kubeconfig: give one of its contexts (eu, us)");
        String noCurrent = kubeconfig("server: https://eu.example:6443", "token: " + TOKEN, null);
        assertThat(refusal(() -> check(noCurrent, null, "shop")))
                .isEqualTo("--kubeconfig has no current-context: give --context with one of its contexts (eu, us)");
        String staleCurrent = kubeconfig("server: https://eu.example:6443", "token: " + TOKEN, "gone");
        assertThat(refusal(() -> check(staleCurrent, null, "shop")))
                .contains("current-context 'gone' is not among its contexts").contains("(eu, us)");
    }

    @Test
    void theNamespaceIsADns1123Label() {
        assertThat(refusal(() -> check(good(), null, null))).contains("needs --namespace NS");
        for (String bad : new String[] {"Shop", "shop_prod", "-shop", "shop-", "a".repeat(64), "shop.prod"}) {
            assertThat(refusal(() -> check(good(), null, bad))).as(bad)
                    .contains("--namespace '" + bad + "' is not a Kubernetes namespace name").contains("DNS-1123");
        }
        assertThat(check(good(), null, "a".repeat(63)).cluster().namespace()).hasSize(63);
        assertThat(check(good(), null, "shop-2").cluster().namespace()).isEqualTo("shop-2");
    }

    @Test
    void fileReferencesAreRefusedWithTheFlattenCommand() {
        String flatten = "embed them: kubectl config view --flatten --minify --context eu > FILE";
        assertThat(refusal(() -> check(kubeconfig("server: https://eu.example:6443\ncertificate-authority: /etc/ca.crt",
                "token: " + TOKEN, "eu"), null, "shop"))).contains("certificate-authority").contains(flatten);
        assertThat(refusal(() -> check(kubeconfig("server: https://eu.example:6443",
                "client-certificate: /home/me/cert.pem\nclient-key-data: Zm9v", "eu"), null, "shop")))
                .contains("client-certificate").contains(flatten);
        assertThat(refusal(() -> check(kubeconfig("server: https://eu.example:6443",
                "client-certificate-data: Zm9v\nclient-key: /home/me/key.pem", "eu"), null, "shop")))
                .contains("client-key").contains(flatten);
        assertThat(refusal(() -> check(kubeconfig("server: https://eu.example:6443", "tokenFile: /var/token", "eu"),
                null, "shop"))).contains("tokenFile").contains(flatten);
    }

    @Test
    void execPluginsAndAuthProvidersAreRefused() {
        String exec = "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: aws\n  args: [eks, get-token]";
        assertThat(refusal(() -> check(kubeconfig("server: https://eu.example:6443", exec, "eu"), null, "shop")))
                .contains("exec plugin 'aws'").contains("does not run on its server").contains("token");
        String provider = "auth-provider:\n  name: oidc\n  config: { id-token: abc }";
        assertThat(refusal(() -> check(kubeconfig("server: https://eu.example:6443", provider, "eu"), null, "shop")))
                .contains("auth-provider ('oidc')");
    }

    @Test
    void whatIsNotAKubeconfigOrTooLargeIsRefused() {
        assertThat(refusal(() -> check("clusters: [unclosed\n  token: " + TOKEN, null, "shop")))
                .startsWith("--kubeconfig is not a kubeconfig (").contains("kubectl config view --flatten");
        assertThat(refusal(() -> check("apiVersion: v1\nkind: Config\n", null, "shop")))
                .contains("defines no contexts");
        String huge = good() + "# " + "x".repeat(ClusterRules.MAX_KUBECONFIG_BYTES) + "\n";
        assertThat(refusal(() -> check(huge, null, "shop"))).contains("more than the 256 KiB");
        assertThat(refusal(() -> check(kubeconfig("insecure-skip-tls-verify: true", "token: " + TOKEN, "eu"), null,
                "shop"))).contains("has no usable server URL");
        assertThat(refusal(() -> check(kubeconfig("server: ftp://eu.example", "token: " + TOKEN, "eu"), null,
                "shop"))).contains("server: https://HOST:PORT");
    }

    @Test
    void oneWayInAndNoDockerOptions() {
        assertThat(refusal(() -> check(null, null, "shop"))).contains("--kubeconfig FILE").contains("--in-cluster");
        assertThat(refusal(() -> ClusterRules.check("executor 'p'", Optional.of(new NewCluster(Optional.of(good()),
                Optional.empty(), true, "jobs")), false))).startsWith("executor 'p': --in-cluster")
                .contains("not both");
        assertThat(refusal(() -> ClusterRules.check("target 'k'", Optional.of(new NewCluster(Optional.empty(),
                Optional.of("eu"), true, "jobs")), false))).contains("not both");
        assertThat(refusal(() -> ClusterRules.check("target 'k'", Optional.of(new NewCluster(Optional.of(good()),
                Optional.empty(), false, "shop")), true))).contains("are for Docker engines");
        assertThat(refusal(() -> ClusterRules.check("target 'k'", Optional.empty(), false)))
                .contains("names no cluster");

        ClusterRules.Checked inCluster = ClusterRules.check("target 'k'", Optional.of(new NewCluster(Optional.empty(),
                Optional.empty(), true, "shop")), false);
        assertThat(inCluster.endpoint()).isEqualTo("in-cluster");
        assertThat(inCluster.cluster().inCluster()).isTrue();
    }
}
