package dev.slipway.environment.kubernetes;

import dev.slipway.pipeline.ManagedKind;
import java.util.List;
import java.util.Set;

/**
 * Everything Slipway asks of a cluster, by API group, resource and verb: the kinds it manages for environments, pods
 * and their logs for jobs, events for the cluster's own reasons. The RBAC in {@code deploy/kubernetes/} grants
 * exactly this (checked by a test on what {@code kubectl kustomize} renders), and the adapter's contract tests check
 * that the requests it sends stay within it.
 */
public final class ClusterAccess {
    /** One rule: resources of one API group ("" = core) and the verbs used on them. */
    public record Rule(String group, String resource, Set<String> verbs) {
        public Rule {
            verbs = Set.copyOf(verbs);
        }
    }

    private static final Set<String> MANAGE = Set.of("get", "list", "watch", "create", "update", "patch", "delete");

    /** The kinds Slipway manages for an environment ({@link ManagedKind}, the one list): all verbs on each. */
    public static final List<Rule> MANAGED = java.util.Arrays.stream(ManagedKind.values())
            .map(kind -> new Rule(kind.group(), kind.resource(), MANAGE)).toList();

    /** Jobs as pods, their logs, and the reasons a rollout fails (pods of a Deployment, events). */
    public static final List<Rule> OBSERVE_AND_RUN = List.of(
            new Rule("", "pods", Set.of("get", "list", "watch", "create", "delete")),
            new Rule("", "pods/log", Set.of("get")),
            new Rule("apps", "replicasets", Set.of("get", "list")),
            new Rule("", "events", Set.of("get", "list")));

    /** Every rule: what the Role of each target namespace grants, and no more. */
    public static List<Rule> all() {
        return java.util.stream.Stream.concat(MANAGED.stream(), OBSERVE_AND_RUN.stream()).toList();
    }

    private ClusterAccess() {
    }
}
