package dev.slipway.environment.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment's change to a namespace, kept in the namespace itself (ConfigMap {@code slipway-undo-APP-ENV}) until
 * the deployment serves or is undone: a server killed mid-rollout leaves the next one what to put back, so "the
 * environment kept its previous live version" holds after a crash too. Never pruned, never listed as a deployment;
 * removed with the environment.
 */
final class UndoRecords {
    static final String UNDO = "slipway.dev/undo";
    private static final String REPLACED = "replaced";
    private static final String CREATED = "created";

    private final KubernetesClient client;
    private final ClusterObjects objects;
    private final KubernetesSerialization json;

    UndoRecords(KubernetesClient client, ClusterObjects objects) {
        this.client = client;
        this.objects = objects;
        this.json = client.getKubernetesSerialization();
    }

    /** Whether the object is an undo record (kept out of pruning). */
    static boolean isRecord(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return object instanceof ConfigMap && labels != null && "true".equals(labels.get(UNDO));
    }

    /** Writes (or rewrites) the record of {@code deployment}'s change: what it touched and what each was before. */
    void save(String app, String environment, long deployment, List<ClusterChange.Touched> touched) {
        List<HasMetadata> replaced = new ArrayList<>();
        List<HasMetadata> created = new ArrayList<>();
        for (ClusterChange.Touched t : touched) {
            if (t.previous().isPresent()) {
                replaced.add(t.previous().get());
            } else {
                created.add(t.object());
            }
        }
        Map<String, String> labels = new HashMap<>(SlipwayLabels.of(app, environment, deployment));
        labels.put(UNDO, "true");
        ConfigMap record = new ConfigMapBuilder().withNewMetadata().withName(name(app, environment))
                .withLabels(labels).endMetadata()
                .addToData(REPLACED, json.asJson(new KubernetesList("v1", replaced, "List", null)))
                .addToData(CREATED, json.asJson(new KubernetesList("v1", created, "List", null))).build();
        objects.put(record, objects.get(record));
    }

    /** The recorded change of {@code deployment}, if the namespace holds one for it. */
    Optional<List<ClusterChange.Touched>> load(String app, String environment, long deployment) {
        ConfigMap record = client.configMaps().inNamespace(objects.namespace()).withName(name(app, environment)).get();
        if (record == null || record.getMetadata().getLabels() == null || !Long.toString(deployment)
                .equals(record.getMetadata().getLabels().get(SlipwayLabels.DEPLOYMENT)) || record.getData() == null) {
            return Optional.empty();
        }
        List<ClusterChange.Touched> touched = new ArrayList<>();
        for (HasMetadata previous : items(record, REPLACED)) {
            touched.add(new ClusterChange.Touched(previous, Optional.of(previous)));
        }
        for (HasMetadata made : items(record, CREATED)) {
            touched.add(new ClusterChange.Touched(made, Optional.empty()));
        }
        return Optional.of(touched);
    }

    /** Removes the record of {@code deployment} (it serves now, or was undone); another's is left alone. */
    void drop(String app, String environment, long deployment) {
        ConfigMap record = client.configMaps().inNamespace(objects.namespace()).withName(name(app, environment)).get();
        if (record != null && record.getMetadata().getLabels() != null && Long.toString(deployment)
                .equals(record.getMetadata().getLabels().get(SlipwayLabels.DEPLOYMENT))) {
            objects.delete(record);
        }
    }

    private List<HasMetadata> items(ConfigMap record, String key) {
        String text = record.getData().get(key);
        return text == null ? List.of() : json.unmarshal(text, KubernetesList.class).getItems();
    }

    static String name(String app, String environment) {
        return DesiredObjects.dnsName("slipway-undo-" + app + "-" + environment);
    }
}
