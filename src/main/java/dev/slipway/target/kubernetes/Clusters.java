package dev.slipway.target.kubernetes;

import dev.slipway.target.TargetConnection;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How Slipway reaches a registered cluster (a target's or an executor's): a fabric8 client built ONLY from what was
 * stored — the kubeconfig's text and context, or, in-cluster, the pod's service account — never from this server's
 * own environment, {@code ~/.kube/config} or {@code kubernetes.*} system properties, which fabric8 would otherwise
 * read and let override a target's settings without a word. {@link #unreachable} says, in words an admin can act on,
 * why a cluster cannot be used.
 */
public final class Clusters {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int REQUEST_TIMEOUT_MILLIS = 30_000;
    private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /** The pod Slipway runs in, as Kubernetes tells it: the API server's address and the service account's files. */
    public record Pod(Optional<String> host, Optional<String> port, Path serviceAccount) {
        /** This process's: KUBERNETES_SERVICE_HOST/PORT and the mounted service account. */
        public static Pod ofThisProcess() {
            return new Pod(Optional.ofNullable(System.getenv("KUBERNETES_SERVICE_HOST")),
                    Optional.ofNullable(System.getenv("KUBERNETES_SERVICE_PORT")), SERVICE_ACCOUNT);
        }
    }

    private Clusters() {}

    /**
     * A client of the cluster, its namespace the target's; the caller closes it.
     *
     * @throws IllegalStateException naming the target when it is in-cluster and this server runs in no pod, or when
     *     the kubeconfig's certificates or key do not read
     */
    public static KubernetesClient open(TargetConnection connection) {
        Config config = config(connection, Pod.ofThisProcess());
        try {
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (KubernetesClientException e) { // fabric8 reads the certificates and key here, "An error has occurred."
            throw new IllegalStateException("the kubeconfig of '" + connection.name() + "' does not make a client ("
                    + rootMessage(e) + "): certificate-authority-data, client-certificate-data and client-key-data "
                    + "must hold base64 PEM, as kubectl config view --flatten --minify --context C > FILE writes them",
                    e);
        }
    }

    /** The client's configuration: what was stored, the target's namespace, Slipway's timeouts, nothing else. */
    static Config config(TargetConnection connection, Pod pod) {
        TargetConnection.Cluster cluster = connection.cluster().orElseThrow(() -> new IllegalArgumentException(
                "'" + connection.name() + "' is a " + connection.kind().text() + " target, not a Kubernetes cluster"));
        Config config = Config.empty(); // no auto-configuration: nothing of this host's own ever reaches a target
        if (cluster.inCluster()) {
            inCluster(config, connection.name(), pod);
        } else {
            KubeConfigUtils.merge(config, cluster.context().orElseThrow(),
                    KubeConfigUtils.parseConfigFromString(cluster.kubeconfig().orElseThrow()));
        }
        config.setNamespace(cluster.namespace());
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
        config.setRequestRetryBackoffLimit(0); // a caller's own loop (the reconciler) retries; a check answers at once
        return config;
    }

    private static void inCluster(Config config, String name, Pod pod) {
        Path token = pod.serviceAccount().resolve("token");
        if (pod.host().isEmpty() || pod.port().isEmpty() || !Files.isReadable(token)) {
            throw new IllegalStateException("'" + name + "' is reached in-cluster, but this Slipway server does not "
                    + "run in a Kubernetes pod (" + (pod.host().isEmpty() ? "no KUBERNETES_SERVICE_HOST"
                    : "no service account token at " + token) + "): register the cluster with --kubeconfig FILE "
                    + "instead, or run Slipway in that cluster (deploy/kubernetes)");
        }
        String host = pod.host().get().contains(":") ? "[" + pod.host().get() + "]" : pod.host().get();
        config.setMasterUrl("https://" + host + ":" + pod.port().get());
        config.setCaCertFile(pod.serviceAccount().resolve("ca.crt").toString());
        // read at each request: the kubelet rotates the projected token
        config.setOauthTokenProvider(() -> read(token));
    }

    private static String read(Path token) {
        try {
            return Files.readString(token).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service account token " + token, e);
        }
    }

    /**
     * Empty when Slipway can work in {@code namespace} (the API server answers {@code GET /version}, then lists the
     * namespace's deployments, limit 1); else why not — not there, credentials refused, or the namespace closed to
     * Slipway — in the cluster's own words and what to do.
     */
    public static Optional<String> unreachable(KubernetesClient client, String namespace) {
        String where = "cluster at " + client.getMasterUrl();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            return Optional.of(where + " " + refusal(e, null));
        }
        try {
            client.apps().deployments().inNamespace(namespace).list(new ListOptionsBuilder().withLimit(1L).build());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of(where + " " + refusal(e, namespace));
        }
    }

    private static String refusal(KubernetesClientException e, String namespace) {
        String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : rootMessage(e);
        int code = e.getCode();
        if (code <= 0) { // no HTTP answer at all
            return "cannot be reached (" + transportProblem(e) + "): is the kubeconfig's server address right, and is the "
                    + "cluster up and reachable from Slipway's server?";
        }
        return switch (code) {
            case 401 -> "refused us: 401 Unauthorized (" + said + "): the kubeconfig's token or client certificate is "
                    + "not accepted; give one that is current";
            case 403 -> "refused us: 403 Forbidden (" + said + ")" + (namespace == null ? ""
                    : ": Slipway may not list deployments in namespace '" + namespace + "'; grant it the Role of "
                    + "deploy/kubernetes in that namespace");
            case 404 -> namespace == null ? "answered 404 to GET /version (" + said + "): is the server address that "
                    + "of a Kubernetes API server?" : "answered 404 listing deployments in namespace '" + namespace
                    + "' (" + said + ")";
            default -> "answered " + code + " (" + said + ")";
        };
    }

    /** What the transport said, in the most telling of the chained exceptions (the JDK client nests them deeply). */
    private static String transportProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused" + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time (" + t.getMessage() + ")";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed: " + t.getMessage() + " (is the kubeconfig's certificate-authority-data that of "
                        + "this cluster?)";
            }
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
