package dev.slipway.environment.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of object Slipway manages for an environment (those of {@link ClusterAccess#MANAGED}, in the order they
 * are applied: what others refer to first): the only ones a manifest may hold, the only ones pruned.
 */
enum ManagedKind {
    CONFIG_MAP("ConfigMap", "", "configmaps", ConfigMap.class),
    SECRET("Secret", "", "secrets", Secret.class),
    SERVICE("Service", "", "services", Service.class),
    DEPLOYMENT("Deployment", "apps", "deployments", Deployment.class),
    HORIZONTAL_POD_AUTOSCALER("HorizontalPodAutoscaler", "autoscaling", "horizontalpodautoscalers",
            HorizontalPodAutoscaler.class),
    POD_DISRUPTION_BUDGET("PodDisruptionBudget", "policy", "poddisruptionbudgets", PodDisruptionBudget.class),
    INGRESS("Ingress", "networking.k8s.io", "ingresses", Ingress.class);

    final String kind;
    final String group;
    final String plural;
    final Class<? extends HasMetadata> type;

    ManagedKind(String kind, String group, String plural, Class<? extends HasMetadata> type) {
        this.kind = kind;
        this.group = group;
        this.plural = plural;
        this.type = type;
    }

    static Optional<ManagedKind> of(HasMetadata object) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(object.getKind())
                && k.group.equals(groupOf(object.getApiVersion()))).findFirst();
    }

    /** {@code apps/v1} → apps, {@code v1} → "" (core). */
    static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The collection's path for an object of this kind, e.g. {@code /apis/apps/v1/namespaces/NS/deployments}. */
    static String collection(HasMetadata object, String namespace) {
        String prefix = groupOf(object.getApiVersion()).isEmpty() ? "/api/" : "/apis/";
        ManagedKind kind = of(object).orElseThrow();
        return prefix + object.getApiVersion() + "/namespaces/" + namespace + "/" + kind.plural;
    }

    /** What a message names it by: {@code Deployment web}. */
    static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }

    static String list() {
        return String.join(", ", Arrays.stream(values()).map(k -> k.kind).toList());
    }
}
