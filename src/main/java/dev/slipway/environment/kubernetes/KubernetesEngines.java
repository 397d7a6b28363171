package dev.slipway.environment.kubernetes;

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
import java.util.Optional;
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
    private final Map<String, Connected> connected = new LinkedHashMap<>();

    private record Connected(String key, KubernetesTarget target, KubernetesClient client) {}

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
        Connected known = connected.get(target.name());
        if (known != null && known.key().equals(key)) {
            return known.target();
        }
        if (known != null) {
            known.client().close();
        }
        KubernetesClient client = Clusters.open(targets.connection(target.name()));
        KubernetesTarget made = new KubernetesTarget(target.name(), client, target.cluster().get().namespace(),
                manifests, pulls.apply(target.name()), root);
        connected.put(target.name(), new Connected(key, made, client));
        return made;
    }

    @Override
    public synchronized Map<String, DeployTarget> all() {
        Map<String, Target> registered = new LinkedHashMap<>();
        targets.all().stream().filter(t -> t.kind() == TargetKind.KUBERNETES).forEach(t -> registered.put(t.name(), t));
        for (String gone : connected.keySet().stream().filter(n -> !registered.containsKey(n)).toList()) {
            Optional.ofNullable(connected.remove(gone)).ifPresent(c -> c.client().close());
        }
        Map<String, DeployTarget> all = new LinkedHashMap<>();
        registered.values().forEach(t -> all.put(t.name(), engine(t)));
        return all;
    }

    @Override
    public synchronized void close() {
        connected.values().forEach(c -> c.client().close());
        connected.clear();
    }
}
