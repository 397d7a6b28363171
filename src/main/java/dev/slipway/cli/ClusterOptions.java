package dev.slipway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a Kubernetes cluster is reached, as `slipway target add` and `slipway executor add` take it (part of
 * {@link EngineOptions}): {@code --kubernetes}, then {@code --kubeconfig FILE [--context C]} or {@code --in-cluster},
 * and {@code --namespace NS}. The kubeconfig is read here and sent as text; the server checks it, seals it and
 * never returns it.
 */
final class ClusterOptions {
    /** The server's limit too; a kubeconfig of one cluster is a few KiB. */
    private static final long MAX_KUBECONFIG_BYTES = 256 * 1024;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--kubernetes", description = "A Kubernetes cluster's namespace (with --kubeconfig or --in-cluster, "
            + "and --namespace)")
    boolean kubernetes;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig with its credentials embedded "
            + "(kubectl config view --flatten --minify --context C > FILE); stored sealed, never shown")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "C", description = "The kubeconfig's context (default: its current-context)")
    String context;

    @Option(names = "--in-cluster", description = "Slipway runs in that cluster: use its pod's service account")
    boolean inCluster;

    @Option(names = "--namespace", paramLabel = "NS", description = "The namespace Slipway works in (it must exist)")
    String namespace;

    /** Whether any cluster option was given (each needs --kubernetes). */
    boolean anyGiven() {
        return kubernetes || kubeconfig != null || context != null || inCluster || namespace != null;
    }

    /** Puts kind, kubeconfig (the file's text), context, in_cluster and namespace into a request body. */
    void putInto(Map<String, Object> body) {
        if (!kubernetes) {
            throw new ParameterException(spec.commandLine(), "--kubeconfig, --context, --in-cluster and --namespace "
                    + "are for a cluster: say --kubernetes too");
        }
        body.put("kind", "kubernetes");
        body.put("kubeconfig", kubeconfig == null ? null : read(kubeconfig));
        body.put("context", context);
        body.put("in_cluster", inCluster ? Boolean.TRUE : null);
        body.put("namespace", namespace);
    }

    private String read(Path file) {
        try {
            if (Files.size(file) > MAX_KUBECONFIG_BYTES) {
                throw new ParameterException(spec.commandLine(), "--kubeconfig " + file + " is larger than "
                        + MAX_KUBECONFIG_BYTES / 1024 + " KiB: give a kubeconfig of this one cluster (kubectl config "
                        + "view --flatten --minify --context C > FILE)");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --kubeconfig " + file + ": " + e);
        }
    }
}
