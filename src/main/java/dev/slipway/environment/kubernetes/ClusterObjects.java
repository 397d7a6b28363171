package dev.slipway.environment.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managed objects of one namespace, as the API server has them: read, listed by label, written create-or-replace
 * with field manager {@code slipway} (a POST or a PUT: server-side apply waits for a real cluster to test it on),
 * merge-patched and deleted. Every request is one {@link ClusterAccess} grants.
 */
final class ClusterObjects {
    static final String FIELD_MANAGER = "slipway";

    private final KubernetesClient client;
    private final String namespace;

    ClusterObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** The object of that kind and name as the cluster has it now. */
    Optional<HasMetadata> get(HasMetadata like) {
        return Optional.ofNullable(client.resource(like).inNamespace(namespace).get());
    }

    /** Creates the object, or replaces {@code current} with it (at current's resource version). */
    HasMetadata put(HasMetadata desired, Optional<HasMetadata> current) {
        HasMetadata object = client.getKubernetesSerialization().clone(desired);
        object.getMetadata().setNamespace(namespace);
        String collection = ClusterKind.collection(object, namespace);
        String answer;
        if (current.isPresent()) {
            object.getMetadata().setResourceVersion(current.get().getMetadata().getResourceVersion());
            answer = client.raw(collection + "/" + object.getMetadata().getName() + "?fieldManager=" + FIELD_MANAGER,
                    "PUT", object);
        } else {
            object.getMetadata().setResourceVersion(null);
            answer = client.raw(collection + "?fieldManager=" + FIELD_MANAGER, "POST", object);
        }
        return answer == null ? object : client.getKubernetesSerialization().unmarshal(answer);
    }

    /** One JSON merge patch, e.g. {@code {"spec":{"replicas":0}}}. */
    void mergePatch(ClusterKind kind, String name, String patch) {
        client.resources(kind.type).inNamespace(namespace).withName(name).patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER).build(),
                patch);
    }

    void delete(HasMetadata object) {
        client.resource(object).inNamespace(namespace).delete();
    }

    /** Every managed object carrying all of {@code labels}, kind by kind in apply order. */
    List<HasMetadata> labelled(Map<String, String> labels) {
        List<HasMetadata> found = new ArrayList<>();
        for (ClusterKind kind : ClusterKind.values()) {
            found.addAll(labelled(kind, labels));
        }
        return found;
    }

    <T extends HasMetadata> List<T> labelled(ClusterKind kind, Map<String, String> labels) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) kind.type;
        return client.resources(type).inNamespace(namespace).withLabels(labels).list().getItems();
    }

    /** A copy of {@code object} as it can be written back: without what the server keeps for itself. */
    HasMetadata writable(HasMetadata object) {
        HasMetadata copy = client.getKubernetesSerialization().clone(object);
        var meta = copy.getMetadata();
        meta.setResourceVersion(null);
        meta.setUid(null);
        meta.setCreationTimestamp(null);
        meta.setGeneration(null);
        meta.setManagedFields(null);
        return copy;
    }

    /** {@code /apis/apps/v1/namespaces/NS/deployments/NAME} as a URL on the API server, for messages and addresses. */
    String url(HasMetadata object) {
        String master = client.getMasterUrl().toString().replaceAll("/+$", "");
        return master + ClusterKind.collection(object, namespace) + "/" + object.getMetadata().getName();
    }
}
