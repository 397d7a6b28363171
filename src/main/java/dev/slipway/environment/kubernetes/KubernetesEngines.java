package dev.slipway.environment.kubernetes;

import dev.slipway.environment.ConnectedEngines;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.ManifestSource;
import dev.slipway.environment.TargetEngines;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.target.Target;
import dev.slipway.target.TargetKind;
import dev.slipway.target.Targets;
import dev.slipway.target.kubernetes.Clusters;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * One {@link KubernetesTarget} per registered cluster target, its client opened at first use from what the admin
 * stored and kept while the target's cluster stays the same (a changed or removed target's client is closed). Each
 * cluster pulls deployments' images with the target's own pull credential, kept in its namespace as a Secret.
 */
public final class KubernetesEngines implements TargetEngines, AutoCloseable {
    private final Targets targets;
    private final Function<String, PullCredential> pulls;
    private final ManifestSource manifests;
    private final Path root;
    private final ConnectedEngines<KubernetesTarget> connected = new ConnectedEngines<>();

    /** {@code root}: where deployments' logs are kept on this host, the same layout as every target's. */
    public KubernetesEngines(Targets targets, Function<String, PullCredential> pulls, ManifestSource manifests,
                             Path root) {
        this.targets = targets;
        this.pulls = pulls;
        this.manifests = manifests;
        this.root = root;
    }

    @Override
    public synchronized DeployTarget engine(Target target) {
        if (target.kind() != TargetKind.KUBERNETES || target.cluster().isEmpty()) {
            throw new IllegalArgumentException("target " + target.name() + " is not a Kubernetes cluster");
        }
        // the sealed kubeconfig is in the key: a target re-added with other credentials gets a new client
        String key = target.endpoint() + "|" + target.cluster().get().namespace() + "|"
                + target.cluster().get().context().orElse("") + "|"
                + target.cluster().get().sealedKubeconfig().orElse("");
        return connected.get(target.name(), key, () -> {
            KubernetesClient client = Clusters.open(targets.connection(target.name()));
            return new ConnectedEngines.Opened<>(new KubernetesTarget(target.name(), client,
                    target.cluster().get().namespace(), manifests, pulls.apply(target.name()), root), client::close);
        });
    }

    @Override
    public synchronized Map<String, DeployTarget> all() {
        List<Target> registered = targets.all().stream().filter(t -> t.kind() == TargetKind.KUBERNETES).toList();
        connected.keepOnly(registered.stream().map(Target::name).collect(Collectors.toSet()));
        Map<String, DeployTarget> all = new LinkedHashMap<>();
        registered.forEach(t -> all.put(t.name(), engine(t)));
        return all;
    }

    @Override
    public void close() {
        connected.close();
    }
}
