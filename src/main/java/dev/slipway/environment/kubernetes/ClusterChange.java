package dev.slipway.environment.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One deployment's change to a namespace, undoable: before it writes or deletes an object it keeps the object as it
 * was (or that there was none), so {@link #undo} puts the namespace back as it was before the change — the previous
 * release keeps serving when a rollout fails, or comes back when a fleet undoes its rollout.
 */
final class ClusterChange {
    private final ClusterObjects objects;
    private final Consumer<String> log;
    /** Each touched object, by kind and name, with what it was before this change (empty: it did not exist). */
    private final Map<String, Touched> before = new LinkedHashMap<>();

    /** An object the change touched, and what it was before (empty: the change created it). */
    record Touched(HasMetadata object, Optional<HasMetadata> previous) {}

    ClusterChange(ClusterObjects objects, Consumer<String> log) {
        this.objects = objects;
        this.log = log;
    }

    /** A change recorded earlier (by a server that crashed before it could finish or undo it). */
    static ClusterChange recorded(ClusterObjects objects, Consumer<String> log, List<Touched> touched) {
        ClusterChange change = new ClusterChange(objects, log);
        touched.forEach(t -> change.before.put(key(t.object()), t));
        return change;
    }

    /** What the change touched so far, in order. */
    List<Touched> touched() {
        return List.copyOf(before.values());
    }

    /**
     * Creates or replaces each object, in order; {@code record} is handed what will be touched before anything is
     * written, so a crash part way leaves a record to undo it by.
     */
    void apply(List<HasMetadata> desired, Consumer<List<Touched>> record) {
        List<Map.Entry<HasMetadata, Optional<HasMetadata>>> currents = new ArrayList<>();
        for (HasMetadata object : desired) {
            Optional<HasMetadata> current = objects.get(object);
            currents.add(Map.entry(object, current));
            current.flatMap(c -> otherOwner(c, object)).ifPresent(owner -> {
                // Slipway's refusal, not the cluster's: nothing of the other environment is written
                throw new IllegalStateException(ClusterKind.describe(object) + " in namespace "
                        + objects.namespace() + " belongs to " + owner + ": two environments cannot "
                        + "share a namespace's objects — give this one a target of its own namespace (`slipway target "
                        + "add NAME --kubernetes … --namespace OTHER`) or rename the object in the manifests");
            });
            before.putIfAbsent(key(object), new Touched(object, current.map(objects::writable)));
        }
        record.accept(touched());
        for (Map.Entry<HasMetadata, Optional<HasMetadata>> entry : currents) {
            HasMetadata object = entry.getKey();
            Optional<HasMetadata> current = entry.getValue();
            try {
                objects.put(object, current);
            } catch (KubernetesClientException e) {
                throw new KubernetesClientException((current.isPresent() ? "replacing " : "creating ")
                        + ClusterKind.describe(object) + ": " + reason(e), e.getCode(), e.getStatus());
            }
            log.accept((current.isPresent() ? "replaced " : "created ") + ClusterKind.describe(object));
        }
    }

    /** Deletes the managed objects labelled {@code labels} that are not among {@code kept}, where {@code prunable}. */
    void prune(Map<String, String> labels, List<HasMetadata> kept, Predicate<HasMetadata> prunable,
               Consumer<List<Touched>> record) {
        Set<String> keep = new java.util.HashSet<>(kept.stream().map(ClusterChange::key).toList());
        for (HasMetadata object : objects.labelled(labels)) {
            if (!keep.contains(key(object)) && prunable.test(object)) {
                before.putIfAbsent(key(object), new Touched(object, Optional.of(objects.writable(object))));
                record.accept(touched());
                objects.delete(object);
                log.accept("pruned " + ClusterKind.describe(object) + " (no longer in the manifests)");
            }
        }
    }

    /**
     * Puts every touched object back as it was, last touched first: replaced ones get their old content, created ones
     * are deleted, pruned ones come back. Returns what could not be put back (empty: all of it).
     */
    List<String> undo() {
        List<String> failed = new ArrayList<>();
        List<Touched> touched = new ArrayList<>(before.values());
        Collections.reverse(touched);
        for (Touched t : touched) {
            try {
                undo(t);
            } catch (KubernetesClientException e) {
                failed.add(ClusterKind.describe(t.object()) + ": " + e.getMessage());
            }
        }
        before.clear();
        return failed;
    }

    private void undo(Touched t) {
        if (t.previous().isPresent()) {
            objects.put(t.previous().get(), objects.get(t.previous().get()));
            log.accept("restored " + ClusterKind.describe(t.object()));
        } else if (objects.get(t.object()).isPresent()) {
            objects.delete(t.object());
            log.accept("removed " + ClusterKind.describe(t.object()) + " (created by the change that is undone)");
        }
    }

    /** The app/environment another Slipway environment's object says it belongs to, when that is not ours. */
    private static Optional<String> otherOwner(HasMetadata current, HasMetadata desired) {
        Map<String, String> theirs = current.getMetadata().getLabels();
        Map<String, String> ours = desired.getMetadata().getLabels();
        if (theirs == null || ours == null || !SlipwayLabels.SLIPWAY.equals(theirs.get(SlipwayLabels.MANAGED_BY))
                || theirs.get(SlipwayLabels.APP) == null) {
            return Optional.empty();
        }
        boolean same = theirs.get(SlipwayLabels.APP).equals(ours.get(SlipwayLabels.APP))
                && java.util.Objects.equals(theirs.get(SlipwayLabels.ENVIRONMENT), ours.get(SlipwayLabels.ENVIRONMENT));
        return same ? Optional.empty() : Optional.of(theirs.get(SlipwayLabels.APP) + "/"
                + theirs.get(SlipwayLabels.ENVIRONMENT));
    }

    /** The API server's own words when it gave some ({@code ConfigMap 'a' already exists}), else the client's. */
    static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    private static String key(HasMetadata object) {
        return ClusterKind.of(object).orElseThrow().name() + " " + object.getMetadata().getName();
    }
}
