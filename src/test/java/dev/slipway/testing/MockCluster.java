package dev.slipway.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * A stand-in Kubernetes API server for tests (no kube-apiserver runs on these machines): fabric8's mock server in CRUD
 * mode on 127.0.0.1, plain HTTP. It stores objects and answers get/list/watch/create/replace/JSON-merge-patch/delete;
 * it does not run controllers (a Deployment's status changes only when the test writes it) and refuses server-side
 * apply and strategic-merge patches. {@link #client()} is the test's own client, to drive status and read what Slipway
 * sent; {@link #kubeconfig} writes a kubeconfig file a Slipway server (in this JVM or another process) connects with.
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts a cluster in CRUD mode on an ephemeral loopback port. */
    public static MockCluster start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        try {
            server.init(InetAddress.getLoopbackAddress(), 0);
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
        return new MockCluster(server);
    }

    /** The API server's address, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The test's own client (its namespace is "test"; name the namespace in every call). */
    public KubernetesClient client() {
        return client;
    }

    /** The mock server itself: for expectations ({@code expect()}) and the requests it received. */
    public KubernetesMockServer server() {
        return server;
    }

    /** A kubeconfig text whose context {@code context} points at this cluster with namespace {@code namespace}. */
    public String kubeconfigText(String context, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s-user
                  user:
                    token: test-token
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s-user
                    namespace: %3$s
                current-context: %1$s
                """.formatted(context, url(), namespace);
    }

    /** Writes {@link #kubeconfigText} to {@code file} (created with its parents) and returns it. */
    public Path kubeconfig(Path file, String context, String namespace) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, kubeconfigText(context, namespace));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
