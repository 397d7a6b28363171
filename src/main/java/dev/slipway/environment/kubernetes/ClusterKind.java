package dev.slipway.environment.kubernetes;

import dev.slipway.pipeline.ManagedKind;
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
 * Each {@link ManagedKind} (the one list of kinds Slipway manages) with the client's type for it, in the order they are
 * applied — what others refer to first: config and secrets, Services, Deployments, then what points at Deployments.
 */
enum ClusterKind {
    CONFIG_MAP(ManagedKind.CONFIG_MAP, ConfigMap.class),
    SECRET(ManagedKind.SECRET, Secret.class),
    SERVICE(ManagedKind.SERVICE, Service.class),
    DEPLOYMENT(ManagedKind.DEPLOYMENT, Deployment.class),
    HORIZONTAL_POD_AUTOSCALER(ManagedKind.HORIZONTAL_POD_AUTOSCALER, HorizontalPodAutoscaler.class),
    POD_DISRUPTION_BUDGET(ManagedKind.POD_DISRUPTION_BUDGET, PodDisruptionBudget.class),
    INGRESS(ManagedKind.INGRESS, Ingress.class);

    final ManagedKind managed;
    final Class<? extends HasMetadata> type;

    ClusterKind(ManagedKind managed, Class<? extends HasMetadata> type) {
        this.managed = managed;
        this.type = type;
    }

    static Optional<ClusterKind> of(HasMetadata object) {
        return Arrays.stream(values()).filter(k -> k.managed.kind().equals(object.getKind())
                && object.getApiVersion() != null && k.managed.servedBy(object.getApiVersion())).findFirst();
    }

    /** The collection's path for an object of this kind, e.g. {@code /apis/apps/v1/namespaces/NS/deployments}. */
    static String collection(HasMetadata object, String namespace) {
        ClusterKind kind = of(object).orElseThrow();
        String prefix = kind.managed.group().isEmpty() ? "/api/" : "/apis/";
        return prefix + object.getApiVersion() + "/namespaces/" + namespace + "/" + kind.managed.resource();
    }

    /** What a message names it by: {@code Deployment web}. */
    static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }

    static String list() {
        return ManagedKind.shown();
    }
}
