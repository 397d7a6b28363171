package dev.slipway.target;

import dev.slipway.Problem;
import dev.slipway.target.kubernetes.Clusters;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Kubernetes cluster given to a target or an executor must look like (one rule set for both): a namespace that
 * is a DNS-1123 label, and either {@code --in-cluster} or a kubeconfig that parses, has the context asked for, and
 * carries its credentials inside — Slipway keeps the kubeconfig's text, never a file it points at, and runs no
 * command on its own host for a cluster's credentials. Each refusal names the option and says what to give instead;
 * none quotes the kubeconfig.
 */
final class ClusterRules {
    /** A kubeconfig of one cluster is a few KiB; this leaves room for long certificate chains. */
    static final int MAX_KUBECONFIG_BYTES = 256 * 1024;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern POSITION = Pattern.compile("line:? (\\d+),? column:? (\\d+)");

    /** A cluster as given, checked: its displayed endpoint (API server URL or in-cluster) and how to connect. */
    record Checked(String endpoint, TargetConnection.Cluster cluster) {}

    private ClusterRules() {}

    /**
     * Checks {@code given} for {@code what} (e.g. "target 'a'"); {@code dockerOptions} says whether the request also
     * carried an engine endpoint, TLS files or --insecure, which a cluster does not take.
     */
    static Checked check(String what, Optional<NewCluster> given, boolean dockerOptions) {
        NewCluster cluster = given.orElseThrow(() -> Problem.invalid(what + " is a kubernetes " + kindOf(what)
                + " but names no cluster: give --kubeconfig FILE (and --context C) or --in-cluster, and --namespace NS"));
        if (dockerOptions) {
            throw Problem.invalid(what + ": --docker, --tls-ca, --tls-cert, --tls-key and --insecure are for Docker "
                    + "engines; a cluster's address and credentials come from --kubeconfig (or --in-cluster)");
        }
        String namespace = namespace(what, cluster.namespace());
        if (cluster.inCluster()) {
            if (cluster.kubeconfig().isPresent() || cluster.context().isPresent()) {
                throw Problem.invalid(what + ": --in-cluster uses the service account of the pod Slipway runs in; "
                        + "--kubeconfig and --context are for a cluster reached from outside — give one way, not both");
            }
            return new Checked(TargetCluster.IN_CLUSTER, new TargetConnection.Cluster(namespace, Optional.empty(),
                    true, Optional.empty()));
        }
        String text = cluster.kubeconfig().orElseThrow(() -> Problem.invalid(what + " needs a way into the cluster: "
                + "--kubeconfig FILE (its credentials embedded: kubectl config view --flatten --minify --context C > FILE) "
                + "or --in-cluster (Slipway runs in that cluster, as its pod's service account)"));
        Config config = parse(text);
        NamedContext context = context(config, cluster.context());
        String server = server(config, context);
        return new Checked(server, new TargetConnection.Cluster(namespace, Optional.of(context.getName()), false,
                Optional.of(text)));
    }

    /**
     * Refuses a cluster Slipway cannot work with now (not there, credentials refused, namespace missing or closed to
     * it), in the cluster's own words; as for a Docker engine, said before anything is stored.
     */
    static void requireReachable(String what, TargetConnection connection) {
        Optional<String> problem;
        try (KubernetesClient client = Clusters.open(connection)) {
            problem = Clusters.unreachable(client, connection.cluster().orElseThrow().namespace());
        } catch (IllegalStateException e) {
            problem = Optional.of(e.getMessage());
        }
        problem.ifPresent(p -> {
            throw Problem.invalid(what + " cannot be used: " + p);
        });
    }

    /** What is stored of a checked cluster: its kubeconfig handed to {@code seal}. */
    static TargetCluster seal(TargetConnection.Cluster cluster, UnaryOperator<String> seal) {
        return cluster.inCluster() ? TargetCluster.inCluster(cluster.namespace())
                : TargetCluster.kubeconfig(cluster.namespace(), cluster.context().orElseThrow(),
                seal.apply(cluster.kubeconfig().orElseThrow()));
    }

    /** A stored cluster as a client connects to it: its kubeconfig handed to {@code open}. Server-side only. */
    static TargetConnection.Cluster open(TargetCluster cluster, UnaryOperator<String> open) {
        return new TargetConnection.Cluster(cluster.namespace(), cluster.context(), cluster.inCluster(),
                cluster.sealedKubeconfig().map(open));
    }

    /** For audit entries: namespace and context, never the kubeconfig. */
    static String describe(TargetCluster cluster) {
        return " namespace " + cluster.namespace() + (cluster.inCluster() ? " " + TargetCluster.IN_CLUSTER
                : " context " + cluster.context().orElseThrow());
    }

    /** A DNS-1123 label, as Kubernetes names namespaces. */
    static String namespace(String what, String namespace) {
        if (namespace == null || namespace.isBlank()) {
            throw Problem.invalid(what + " needs --namespace NS: the namespace Slipway works in on that cluster "
                    + "(it must exist; Slipway does not create it)");
        }
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw Problem.invalid("--namespace '" + namespace + "' is not a Kubernetes namespace name: 1-63 characters "
                    + "of a-z, 0-9 and '-', starting and ending with a letter or digit (a DNS-1123 label), e.g. shop-prod");
        }
        return namespace;
    }

    private static Config parse(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KUBECONFIG_BYTES) {
            throw Problem.invalid("--kubeconfig is " + (bytes + 1023) / 1024 + " KiB, more than the "
                    + MAX_KUBECONFIG_BYTES / 1024 + " KiB a kubeconfig may have here: give one of this cluster only ("
                    + "kubectl config view --flatten --minify --context C > FILE)");
        }
        Config config;
        try {
            config = KubeConfigUtils.parseConfigFromString(text);
        } catch (RuntimeException e) {
            throw Problem.invalid("--kubeconfig is not a kubeconfig (" + parseProblem(e) + "): give the file kubectl "
                    + "uses, e.g. kubectl config view --flatten --minify --context C > FILE");
        }
        if (config == null || config.getContexts() == null || config.getContexts().isEmpty()) {
            throw Problem.invalid("--kubeconfig defines no contexts: give the file kubectl uses, e.g. kubectl config "
                    + "view --flatten --minify --context C > FILE");
        }
        return config;
    }

    /** The parser's first line and where, never the text around it (it may be a credential). */
    private static String parseProblem(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        String first = message.lines().findFirst().orElse("").strip();
        first = first.replaceAll("\\s*\\(?at \\[Source.*$", "");
        if (first.length() > 160) {
            first = first.substring(0, 160) + "…";
        }
        Matcher at = POSITION.matcher(message);
        return first + (at.find() ? " at line " + at.group(1) + ", column " + at.group(2) : "");
    }

    private static NamedContext context(Config config, Optional<String> asked) {
        List<String> names = config.getContexts().stream().map(NamedContext::getName).toList();
        String known = String.join(", ", names);
        String name = asked.orElse(config.getCurrentContext());
        if (name == null || name.isBlank()) {
            throw Problem.invalid("--kubeconfig has no current-context: give --context with one of its contexts ("
                    + known + ")");
        }
        return config.getContexts().stream().filter(c -> name.equals(c.getName()) && c.getContext() != null)
                .findFirst().orElseThrow(() -> Problem.invalid(asked.isPresent()
                        ? "--context '" + name + "' is not in the kubeconfig: give one of its contexts (" + known + ")"
                        : "--kubeconfig's current-context '" + name + "' is not among its contexts: give --context "
                        + "with one of them (" + known + ")"));
    }

    /** The context's cluster and user, checked for what Slipway cannot use; returns the API server's URL. */
    private static String server(Config config, NamedContext named) {
        Context context = named.getContext();
        String where = "context '" + named.getName() + "'";
        Cluster cluster = find(config.getClusters(), NamedCluster::getName, context.getCluster())
                .map(NamedCluster::getCluster).orElseThrow(() -> Problem.invalid(where + " names cluster '"
                        + context.getCluster() + "', which the kubeconfig does not define: " + flatten(named)));
        if (cluster.getCertificateAuthority() != null) {
            throw fileReference(named, "its cluster's certificate-authority");
        }
        if (context.getUser() != null) {
            AuthInfo user = find(config.getUsers(), NamedAuthInfo::getName, context.getUser())
                    .map(NamedAuthInfo::getUser).orElseThrow(() -> Problem.invalid(where + " names user '"
                            + context.getUser() + "', which the kubeconfig does not define: " + flatten(named)));
            checkUser(named, user);
        }
        return serverUrl(where, cluster.getServer());
    }

    private static void checkUser(NamedContext named, AuthInfo user) {
        if (user.getClientCertificate() != null) {
            throw fileReference(named, "its user's client-certificate");
        }
        if (user.getClientKey() != null) {
            throw fileReference(named, "its user's client-key");
        }
        if (user.getTokenFile() != null) {
            throw fileReference(named, "its user's tokenFile");
        }
        if (user.getExec() != null || user.getAuthProvider() != null) {
            throw Problem.invalid("context '" + named.getName() + "': its user gets credentials from "
                    + (user.getExec() != null ? "a command (exec plugin '" + user.getExec().getCommand() + "')"
                    : "an auth-provider ('" + user.getAuthProvider().getName() + "')")
                    + ", which Slipway does not run on its server: give a kubeconfig whose user has a token or a "
                    + "client certificate embedded, e.g. a ServiceAccount's token (kubectl create token NAME)");
        }
    }

    private static String serverUrl(String where, String server) {
        String refusal = where + "'s cluster has no usable server URL ('" + server + "'): the kubeconfig must give "
                + "server: https://HOST:PORT, the cluster's API server";
        if (server == null || server.isBlank()) {
            throw Problem.invalid(refusal);
        }
        try {
            URI uri = new URI(server);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw Problem.invalid(refusal);
            }
        } catch (URISyntaxException e) {
            throw Problem.invalid(refusal);
        }
        return server;
    }

    private static Problem fileReference(NamedContext named, String what) {
        return Problem.invalid("context '" + named.getName() + "': " + what + " is a file on the machine the "
                + "kubeconfig came from; Slipway keeps only the kubeconfig's text, so " + flatten(named));
    }

    private static String flatten(NamedContext named) {
        return "embed them: kubectl config view --flatten --minify --context " + named.getName() + " > FILE";
    }

    private static <T> Optional<T> find(List<T> items, Function<T, String> name, String wanted) {
        return items == null || wanted == null ? Optional.empty()
                : items.stream().filter(i -> wanted.equals(name.apply(i))).findFirst();
    }

    private static String kindOf(String what) {
        return what.startsWith("executor") ? "executor" : "target";
    }
}
