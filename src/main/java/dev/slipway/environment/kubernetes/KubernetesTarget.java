package dev.slipway.environment.kubernetes;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.DeployTarget;
import dev.slipway.environment.ManifestSource;
import dev.slipway.environment.RunningService;
import dev.slipway.environment.ServiceLogs;
import dev.slipway.environment.Upstream;
import dev.slipway.environment.docker.PullCredential;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs deployments on one namespace of one Kubernetes cluster: a start renders the deployment's manifests (or
 * generates a Deployment and a Service), applies them create-or-replace, waits for the cluster to report the rollout
 * done, then prunes what left the manifests. A rollout that fails is undone — every object it touched is put back —
 * so the previous release keeps serving. In blue/green each Deployment exists once per slot and {@link #serve} points
 * the Services at a slot. The handle names the deployment, not a process: what runs is found by Slipway's labels.
 */
public final class KubernetesTarget implements DeployTarget, ServiceLogs {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String name;
    private final KubernetesClient client;
    private final ClusterObjects objects;
    private final ManifestSource manifests;
    private final ManifestRenderer renderer;
    private final DesiredObjects desired;
    private final RolloutWatcher rollouts;
    private final DeploymentLogs logs;
    /** The last successful change per environment ("app/env"), undone by a stop of that deployment. */
    private final Map<String, Applied> lastChange = new ConcurrentHashMap<>();
    private final UndoRecords undo;

    private record Applied(long deployment, ClusterChange change) {}

    /** {@code root} keeps each deployment's log on this host ({@code APP/ENV/deployment-N.log}). */
    public KubernetesTarget(String name, KubernetesClient client, String namespace, ManifestSource manifests,
                            PullCredential pull, Path root) {
        this.name = name;
        this.client = client;
        this.objects = new ClusterObjects(client, namespace);
        this.manifests = manifests;
        this.renderer = new ManifestRenderer(pull, client.getKubernetesSerialization());
        this.desired = new DesiredObjects(namespace, pull);
        this.rollouts = new RolloutWatcher(client, namespace, POLL);
        this.logs = new DeploymentLogs(root);
        this.undo = new UndoRecords(client, objects);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RunningService start(Start start) throws DeployFailedException {
        Consumer<String> log = logs.writer(start.app(), start.environment(), start.deployment(), start.log());
        String slot = ManifestRenderer.slot(start);
        List<HasMetadata> wanted;
        try {
            wanted = desired.of(start, renderer.render(start, manifests.of(start.app(), start.environment(),
                    start.deployment()), manifests.releaseTag(start.app(), start.deployment())), this::servedSlot);
        } catch (DeployFailedException e) {
            log.accept("refused before anything was applied: " + e.getMessage());
            throw e;
        }
        ClusterService cluster = new ClusterService(objects.namespace(), start.app(), start.environment(),
                start.deployment(), slot);
        RunningService service = cluster.handle(logs.directory(start.app(), start.environment(), start.deployment())
                .toString());
        ClusterChange change = new ClusterChange(objects, log);
        // an in-place change is recorded in the namespace before it is made: a crash leaves the next server its undo
        Consumer<List<ClusterChange.Touched>> record = slot.isEmpty()
                ? touched -> undo.save(start.app(), start.environment(), start.deployment(), touched) : touched -> { };
        try {
            start.spawned().accept(service);
            change.apply(wanted, record);
            rollouts.await(wanted.stream().filter(o -> o instanceof Deployment).map(o -> o.getMetadata().getName())
                    .toList(), start.launch().startTimeout(), log);
            change.prune(SlipwayLabels.of(start.app(), start.environment()), wanted,
                    o -> !otherSlot(o, slot) && !UndoRecords.isRecord(o), record);
        } catch (DeployFailedException | RuntimeException e) {
            String reason = e instanceof KubernetesClientException k ? refused(k) : e.getMessage();
            log.accept("failed: " + reason);
            List<String> left = change.undo();
            if (left.isEmpty()) {
                dropQuietly(start.app(), start.environment(), start.deployment());
            }
            throw new DeployFailedException(reason + (left.isEmpty() ? "; the namespace was put back as it was"
                    : "; could not put back: " + String.join("; ", left)));
        }
        lastChange.put(start.app() + "/" + start.environment(), new Applied(start.deployment(), change));
        log.accept("deployment " + start.deployment() + " rolled out on " + name);
        return service;
    }

    /** The record of an undone change goes; one that cannot be removed now is overwritten by the next change. */
    private void dropQuietly(String app, String environment, long deployment) {
        try {
            undo.drop(app, environment, deployment);
        } catch (KubernetesClientException e) {
            logs.writer(app, environment, deployment, line -> { }).accept("the record of the undone change stays "
                    + "(cannot remove it now: " + e.getMessage() + ")");
        }
    }

    /** The slot the cluster's Service of that name selects now, if it exists and selects one. */
    private Optional<String> servedSlot(String service) {
        Service s = client.services().inNamespace(objects.namespace()).withName(service).get();
        return Optional.ofNullable(s).map(Service::getSpec).map(spec -> spec.getSelector())
                .map(selector -> selector.get(SlipwayLabels.SLOT));
    }

    /** A Deployment of the other blue/green slot: never pruned by a start of this one. */
    private static boolean otherSlot(HasMetadata object, String slot) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String its = labels == null ? null : labels.get(SlipwayLabels.SLOT);
        return object instanceof Deployment && its != null && !slot.isEmpty() && !its.equals(slot);
    }

    private String refused(KubernetesClientException e) {
        if (e.getCode() <= 0) { // no answer at all: the connection failed
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return "cannot reach cluster " + client.getMasterUrl() + ": " + cause;
        }
        return "the cluster refused a request (HTTP " + e.getCode() + "): " + e.getMessage();
    }

    /** Applies the deployment again: the cluster restarts what changed (a restart here is a re-apply). */
    @Override
    public RunningService restart(Start start, RunningService previous) throws DeployFailedException {
        return start(start);
    }

    /**
     * Points every Service of the deployment's environment at its slot, one JSON merge patch each: the blue/green
     * swap (and swap back). A Service that selects that slot already is left alone; a service without a slot changes
     * nothing.
     */
    @Override
    public void serve(RunningService service) {
        ClusterService cluster = ClusterService.of(service).orElse(null);
        if (cluster == null) {
            return;
        }
        // it serves now: its change is kept, and a later stop removes it rather than bringing back an old release.
        // Only the server that made the change holds a record to drop (one a crash left is Recovery's to undo), so
        // the reconciler's serve on every look costs no read of it.
        Applied applied = lastChange.get(cluster.app() + "/" + cluster.environment());
        if (applied != null && applied.deployment() == cluster.deployment()
                && lastChange.remove(cluster.app() + "/" + cluster.environment(), applied) && !cluster.blueGreen()) {
            undo.drop(cluster.app(), cluster.environment(), cluster.deployment());
        }
        if (!cluster.blueGreen()) {
            return;
        }
        String patch = "{\"spec\":{\"selector\":{\"" + SlipwayLabels.SLOT + "\":\"" + cluster.slot() + "\"}}}";
        for (Service s : objects.<Service>labelled(ClusterKind.SERVICE,
                SlipwayLabels.of(cluster.app(), cluster.environment()))) {
            if (s.getSpec() != null && s.getSpec().getSelector() != null
                    && !cluster.slot().equals(s.getSpec().getSelector().get(SlipwayLabels.SLOT))) {
                objects.mergePatch(ClusterKind.SERVICE, s.getMetadata().getName(), patch);
            }
        }
    }

    /**
     * A slot's service: its Deployments are scaled to 0 (keep_warm's end). An in-place one: the change that started
     * it is undone while it has not served yet (a fleet undoing its rollout), else its objects are deleted.
     */
    @Override
    public void stop(RunningService service) {
        ClusterService cluster = ClusterService.of(service).orElse(null);
        if (cluster == null) {
            return;
        }
        if (cluster.blueGreen()) {
            for (Deployment d : deployments(cluster)) {
                objects.mergePatch(ClusterKind.DEPLOYMENT, d.getMetadata().getName(), "{\"spec\":{\"replicas\":0}}");
            }
            return;
        }
        String environment = cluster.app() + "/" + cluster.environment();
        Applied applied = lastChange.get(environment);
        if (applied != null && applied.deployment() == cluster.deployment()
                && lastChange.remove(environment, applied)) {
            if (applied.change().undo().isEmpty()) {
                undo.drop(cluster.app(), cluster.environment(), cluster.deployment());
            }
            return;
        }
        // a change a server killed mid-rollout recorded: the previous release comes back, as after a failed start
        Optional<List<ClusterChange.Touched>> recorded = undo.load(cluster.app(), cluster.environment(),
                cluster.deployment());
        if (recorded.isPresent()) {
            Consumer<String> log = logs.writer(cluster.app(), cluster.environment(), cluster.deployment(), line -> { });
            if (ClusterChange.recorded(objects, log, recorded.get()).undo().isEmpty()) {
                undo.drop(cluster.app(), cluster.environment(), cluster.deployment());
            }
            return;
        }
        for (HasMetadata object : objects.labelled(SlipwayLabels.of(cluster.app(), cluster.environment(),
                cluster.deployment()))) {
            objects.delete(object);
        }
    }

    /** Applying again rolls a drifted or scaled-down deployment back to its release while the old pods serve. */
    @Override
    public boolean replacesInPlace() {
        return true;
    }

    /** The Deployments the service's deployment applied last (those of its slot in blue/green). */
    private List<Deployment> deployments(ClusterService cluster) {
        Map<String, String> labels = SlipwayLabels.of(cluster.app(), cluster.environment(), cluster.deployment());
        if (cluster.blueGreen()) {
            labels.put(SlipwayLabels.SLOT, cluster.slot());
        }
        return objects.labelled(ClusterKind.DEPLOYMENT, labels);
    }

    /** Its Deployments exist, each with an available replica. */
    @Override
    public boolean isAlive(RunningService service) {
        return ClusterService.of(service).map(this::deployments).filter(ds -> !ds.isEmpty())
                .map(ds -> ds.stream().allMatch(d -> d.getStatus() != null
                        && d.getStatus().getAvailableReplicas() != null && d.getStatus().getAvailableReplicas() > 0))
                .orElse(false);
    }

    /** Its Deployments report their rollout done ({@code path} is the pods' probes' business, not ours). */
    @Override
    public boolean answersHealth(RunningService service, String path) {
        return ClusterService.of(service).map(this::deployments).filter(ds -> !ds.isEmpty())
                .map(ds -> ds.stream().allMatch(RolloutWatcher::done)).orElse(false);
    }

    /** The API server's URL of its (first) Deployment: where it is, not where it answers. */
    @Override
    public String address(RunningService service) {
        return ClusterService.of(service).map(this::deployments).filter(ds -> !ds.isEmpty())
                .map(ds -> objects.url(ds.get(0)))
                .orElse(client.getMasterUrl() + " namespace " + objects.namespace());
    }

    /** None: traffic reaches a cluster's pods through its Services, not through Slipway's router. */
    @Override
    public List<Upstream> upstreams(RunningService service) {
        return List.of();
    }

    /** The digest its Deployment's container is pinned to now (so {@code kubectl set image} shows as drift). */
    @Override
    public Optional<Digest> digest(RunningService service) {
        for (Deployment d : ClusterService.of(service).map(this::deployments).orElse(List.of())) {
            for (var c : d.getSpec().getTemplate().getSpec().getContainers()) {
                int at = c.getImage() == null ? -1 : c.getImage().indexOf("@sha256:");
                if (at >= 0) {
                    try {
                        return Optional.of(Digest.parse(c.getImage().substring(at + 1)));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Deletes the deployment's slot Deployments (a parked blue/green release), and its directory; its log stays. */
    @Override
    public void discard(String app, String environment, long deployment) {
        for (Deployment d : objects.<Deployment>labelled(ClusterKind.DEPLOYMENT,
                SlipwayLabels.of(app, environment, deployment))) {
            if (d.getMetadata().getLabels().containsKey(SlipwayLabels.SLOT)) {
                objects.delete(d);
            }
        }
        logs.discard(app, environment, deployment);
    }

    @Override
    public Optional<RunningService> find(String app, String environment, long deployment) {
        return objects.<Deployment>labelled(ClusterKind.DEPLOYMENT, SlipwayLabels.of(app, environment, deployment))
                .stream().findFirst().map(d -> new ClusterService(objects.namespace(), app, environment, deployment,
                        d.getMetadata().getLabels().get(SlipwayLabels.SLOT))
                        .handle(logs.directory(app, environment, deployment).toString()));
    }

    /** Whether the namespace's Deployments can be listed; why not when they cannot. */
    @Override
    public Optional<String> unreachable() {
        try {
            client.apps().deployments().inNamespace(objects.namespace()).list();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of("cluster " + client.getMasterUrl() + " namespace " + objects.namespace()
                    + " does not answer: " + e.getMessage());
        }
    }

    /** Every deployment a Deployment of Slipway's in the namespace was last applied by. */
    @Override
    public List<InPlace> inPlace() {
        List<InPlace> found = new ArrayList<>();
        for (Deployment d : objects.<Deployment>labelled(ClusterKind.DEPLOYMENT,
                Map.of(SlipwayLabels.MANAGED_BY, SlipwayLabels.SLIPWAY))) {
            Map<String, String> labels = d.getMetadata().getLabels();
            try {
                found.add(new InPlace(labels.get(SlipwayLabels.APP), labels.get(SlipwayLabels.ENVIRONMENT),
                        Long.parseLong(labels.get(SlipwayLabels.DEPLOYMENT))));
            } catch (NumberFormatException | NullPointerException e) {
                // labelled by hand, not by a deployment: not one to sweep
            }
        }
        return found.stream().distinct().toList();
    }

    /** Deletes every managed object of the environment (the shared pull secret stays), and its logs. */
    @Override
    public void removeEnvironment(String app, String environment) {
        for (HasMetadata object : objects.labelled(SlipwayLabels.of(app, environment))) {
            objects.delete(object);
        }
        lastChange.remove(app + "/" + environment);
        logs.removeEnvironment(app, environment);
    }

    @Override
    public Optional<Path> file(String app, String environment, long deployment) {
        return logs.file(app, environment, deployment);
    }

    @Override
    public Optional<BufferedReader> open(String app, String environment, long deployment) throws IOException {
        return logs.open(app, environment, deployment);
    }
}
