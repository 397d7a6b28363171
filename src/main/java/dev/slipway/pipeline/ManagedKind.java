package dev.slipway.pipeline;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * THE kinds of Kubernetes object Slipway manages for an environment: a manifest may hold only these, and what left the
 * manifests is pruned among these only. Each with its API group ("" = core), the resource the API serves it as, and
 * the version a manifest usually names. {@code environment.kubernetes.ClusterAccess} grants its RBAC from this list.
 */
public enum ManagedKind {
    DEPLOYMENT("Deployment", "apps", "deployments", "v1"),
    SERVICE("Service", "", "services", "v1"),
    CONFIG_MAP("ConfigMap", "", "configmaps", "v1"),
    SECRET("Secret", "", "secrets", "v1"),
    INGRESS("Ingress", "networking.k8s.io", "ingresses", "v1"),
    HORIZONTAL_POD_AUTOSCALER("HorizontalPodAutoscaler", "autoscaling", "horizontalpodautoscalers", "v2"),
    POD_DISRUPTION_BUDGET("PodDisruptionBudget", "policy", "poddisruptionbudgets", "v1");

    private final String kind;
    private final String group;
    private final String resource;
    private final String version;

    ManagedKind(String kind, String group, String resource, String version) {
        this.kind = kind;
        this.group = group;
        this.resource = resource;
        this.version = version;
    }

    /** As manifests write it: {@code Deployment}. */
    public String kind() {
        return kind;
    }

    /** The API group, "" for the core group. */
    public String group() {
        return group;
    }

    /** The resource name in API paths and RBAC rules: {@code deployments}. */
    public String resource() {
        return resource;
    }

    /** The apiVersion a manifest usually writes for it: {@code apps/v1}, {@code v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Whether {@code apiVersion} (GROUP/VERSION, or VERSION for the core group) is of this kind's group. */
    public boolean servedBy(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return (slash < 0 ? "" : apiVersion.substring(0, slash)).equals(group);
    }

    /** The kind written exactly so ({@code Deployment}, not {@code deployment}). */
    public static Optional<ManagedKind> of(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    /** Every kind as written: {@code Deployment, Service, …}. */
    public static String shown() {
        return Arrays.stream(values()).map(ManagedKind::kind).collect(Collectors.joining(", "));
    }
}
