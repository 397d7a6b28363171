package dev.slipway.environment.kubernetes;

import static dev.slipway.environment.kubernetes.ClusterWorld.ONE;
import static dev.slipway.environment.kubernetes.ClusterWorld.TWO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.RunningService;
import dev.slipway.pipeline.ManifestTemplate;
import dev.slipway.testing.MockCluster;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request the cluster target sends, over everything it does (starts in place and in slots, a failed rollout
 * and its undo, pruning, swaps, stops, finding, discarding, removing an environment), is one that
 * {@link ClusterAccess} — and so the RBAC Slipway installs — grants; and every write names field manager slipway.
 */
class KubernetesClusterAccessTest {
    @TempDir
    Path root;

    /** An API request as RBAC sees it. */
    record Access(String group, String resource, String verb) {}

    @Test
    void everyRequestTheTargetSendsIsOneClusterAccessGrants() throws Exception {
        List<RecordedRequest> requests;
        try (MockCluster cluster = MockCluster.start()) {
            try (ClusterWorld inPlace = new ClusterWorld(cluster, root.resolve("a"));
                 ClusterWorld slots = new ClusterWorld(cluster, root.resolve("b"))) {
                exerciseInPlace(inPlace);
                exerciseSlots(slots);
            }
            requests = drain(cluster);
        }
        List<RecordedRequest> targets = requests.stream()
                .filter(r -> ("Bearer " + ClusterWorld.TOKEN).equals(r.getHeader("Authorization"))).toList();
        Set<Access> used = new LinkedHashSet<>();
        for (RecordedRequest r : targets) {
            used.add(access(r));
        }
        Set<Access> granted = new LinkedHashSet<>();
        ClusterAccess.all().forEach(rule -> rule.verbs().forEach(v -> granted.add(new Access(rule.group(),
                rule.resource(), v))));

        assertThat(targets).as("the target's own requests were recorded").hasSizeGreaterThan(50);
        assertThat(used).as("what the target asked of the cluster").isSubsetOf(granted)
                .contains(new Access("apps", "deployments", "create"), new Access("apps", "deployments", "update"),
                        new Access("apps", "deployments", "patch"), new Access("apps", "deployments", "delete"),
                        new Access("", "services", "patch"), new Access("", "secrets", "create"),
                        new Access("", "configmaps", "delete"), new Access("", "pods", "list"),
                        new Access("", "events", "list"));
        assertThat(targets).filteredOn(r -> Set.of("POST", "PUT", "PATCH").contains(r.getMethod()))
                .allSatisfy(r -> assertThat(r.getPath()).contains("fieldManager=slipway"));
    }

    private static void exerciseInPlace(ClusterWorld world) throws Exception {
        RunningService one = world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");
        CompletableFuture<RunningService> two = world.starting(world.start(2, TWO, null, Duration.ofSeconds(20)));
        world.podWaiting("web", 2, "web-2-a", "ErrImagePull", "not found");
        assertThatThrownBy(() -> ClusterWorld.outcome(two)).isInstanceOf(DeployFailedException.class);
        world.target.find("web", "staging", 1);
        world.target.isAlive(one);
        world.target.answersHealth(one, "/healthz");
        world.target.digest(one);
        world.target.address(one);
        world.target.inPlace();
        world.target.unreachable();
        RunningService three = world.deployed(world.start(3, TWO, null, Duration.ofSeconds(20)), "web");
        world.target.stop(three);
        world.target.stop(one);
    }

    private static void exerciseSlots(ClusterWorld world) throws Exception {
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", KubernetesTargetTest.APP_YML + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: extra
                """));
        RunningService blue = world.deployed(world.start(1, ONE, "blue", Duration.ofSeconds(20)), "api-blue");
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", KubernetesTargetTest.APP_YML));
        RunningService green = world.deployed(world.start(2, TWO, "green", Duration.ofSeconds(20)), "api-green");
        world.target.serve(green);
        world.target.serve(blue);
        world.target.stop(green);
        world.target.discard("web", "staging", 2);
        assertThatThrownBy(() -> world.target.start(world.start(3, TWO, "green", Duration.ofMillis(300))))
                .isInstanceOf(DeployFailedException.class);
        world.target.removeEnvironment("web", "staging");
    }

    /** Method and path as RBAC reads them: /api/v1 or /apis/GROUP/VERSION, namespaces/NS, resource[/name[/sub]]. */
    static Access access(RecordedRequest r) {
        String path = r.getPath();
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        List<String> parts = new ArrayList<>(List.of(path.replaceAll("\\?.*", "").replaceAll("^/", "").split("/")));
        String group;
        if (parts.get(0).equals("api")) {
            group = "";
            parts = parts.subList(2, parts.size());
        } else if (parts.get(0).equals("apis")) {
            group = parts.get(1);
            parts = parts.subList(3, parts.size());
        } else {
            return new Access("(not an API path)", path, r.getMethod());
        }
        if (parts.size() < 3 || !parts.get(0).equals("namespaces")) {
            return new Access(group, "(cluster-wide) " + String.join("/", parts), r.getMethod());
        }
        String resource = parts.get(2) + (parts.size() > 4 ? "/" + parts.get(4) : "");
        boolean named = parts.size() > 3;
        String verb = switch (r.getMethod()) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> r.getMethod();
        };
        return new Access(group, resource, verb);
    }

    private static List<RecordedRequest> drain(MockCluster cluster) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        int count = cluster.server().getRequestCount();
        for (int i = 0; i < count; i++) {
            RecordedRequest r = cluster.server().takeRequest(1, TimeUnit.SECONDS);
            if (r != null) {
                requests.add(r);
            }
        }
        return requests;
    }
}
