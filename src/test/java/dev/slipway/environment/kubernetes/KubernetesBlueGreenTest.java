package dev.slipway.environment.kubernetes;

import static dev.slipway.environment.kubernetes.ClusterWorld.ONE;
import static dev.slipway.environment.kubernetes.ClusterWorld.TWO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.environment.RunningService;
import dev.slipway.pipeline.ManifestTemplate;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue/green on a cluster: each Deployment once per slot, Services selecting the slot they serve now (a start never
 * moves traffic), a swap that is one merge patch per Service and a swap back that restores the selector, and a stop
 * that scales the slot down. Its own cluster, so that the requests it counts are its own.
 */
class KubernetesBlueGreenTest extends ClusterWorldTest {

    @BeforeEach
    void withAServiceOfItsOwn() {
        world.templates = List.of(new ManifestTemplate("k8s/app.yml", KubernetesTargetTest.APP_YML + """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: api-internal
                spec:
                  selector: {app: api}
                  ports:
                  - port: 8080
                """));
    }

    @Test
    void eachSlotHasItsDeploymentAndStartingOneNeverMovesTraffic() throws Exception {
        RunningService blue = world.deployed(world.start(1, ONE, "blue", Duration.ofSeconds(20)), "api-blue");
        assertThat(blue.container()).isEqualTo("k8s:" + world.namespace + "/web/staging/1/blue");
        assertThat(selectors()).as("a new Service selects the slot that started it")
                .containsOnly(Map.of("app", "api", "slipway.dev/app", "web", "slipway.dev/environment", "staging",
                        "slipway.dev/slot", "blue"));

        RunningService green = world.deployed(world.start(2, TWO, "green", Duration.ofSeconds(20)), "api-green");

        Deployment d = world.deployment("api-green");
        assertThat(d.getMetadata().getLabels()).containsEntry("slipway.dev/slot", "green")
                .containsEntry("slipway.dev/deployment", "2");
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "api",
                "slipway.dev/app", "web", "slipway.dev/environment", "staging", "slipway.dev/slot", "green"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("slipway.dev/slot", "green")
                .containsEntry("slipway.dev/deployment", "2");
        assertThat(world.deployment("api-blue")).as("the other slot is not pruned").isNotNull();
        assertThat(world.deployment("api")).isNull();
        assertThat(selectors()).as("still blue: starting green moves no traffic")
                .allSatisfy(s -> assertThat(s).containsEntry("slipway.dev/slot", "blue"));
        assertThat(world.target.digest(green)).contains(TWO);
        assertThat(world.target.digest(blue)).contains(ONE);
        assertThat(world.target.find("web", "staging", 2)).contains(green);
    }

    @Test
    void aSwapIsOneMergePatchPerServiceAndSwappingBackRestoresTheSelector() throws Exception {
        RunningService blue = world.deployed(world.start(1, ONE, "blue", Duration.ofSeconds(20)), "api-blue");
        RunningService green = world.deployed(world.start(2, TWO, "green", Duration.ofSeconds(20)), "api-green");
        List<Map<String, String>> before = selectors();
        drainRequests();

        world.target.serve(green);

        List<RecordedRequest> writes = drainRequests().stream().filter(r -> !r.getMethod().equals("GET")).toList();
        assertThat(writes).as("one merge patch per Service, nothing else written")
                .extracting(RecordedRequest::getMethod, RecordedRequest::getPath).containsExactlyInAnyOrder(
                        tuple("PATCH", "/api/v1/namespaces/" + world.namespace + "/services/api?fieldManager=slipway"),
                        tuple("PATCH", "/api/v1/namespaces/" + world.namespace
                                + "/services/api-internal?fieldManager=slipway"));
        // the mock's dispatcher consumes the body it records; what the patch did shows it: only the slot changed
        assertThat(writes).allSatisfy(r -> assertThat(r.getHeader("Content-Type"))
                .startsWith("application/merge-patch+json"));
        List<Map<String, String>> swapped = new ArrayList<>();
        before.forEach(selector -> {
            Map<String, String> toGreen = new java.util.HashMap<>(selector);
            toGreen.put("slipway.dev/slot", "green");
            swapped.add(toGreen);
        });
        assertThat(selectors()).isEqualTo(swapped);
        world.target.serve(green);
        assertThat(drainRequests()).as("served already: nothing to patch").noneMatch(r -> !r.getMethod().equals("GET"));

        world.target.serve(blue);

        assertThat(selectors()).isEqualTo(before);
    }

    @Test
    void stoppingASlotScalesItsDeploymentsDownAndLeavesTheOtherSlot() throws Exception {
        RunningService blue = world.deployed(world.start(1, ONE, "blue", Duration.ofSeconds(20)), "api-blue");
        RunningService green = world.deployed(world.start(2, TWO, "green", Duration.ofSeconds(20)), "api-green");
        world.target.serve(green);

        world.target.stop(blue); // keep_warm's end

        assertThat(world.deployment("api-blue").getSpec().getReplicas()).isZero();
        assertThat(world.deployment("api-green").getSpec().getReplicas()).isEqualTo(2);
        assertThat(world.target.isAlive(green)).isTrue();

        world.target.discard("web", "staging", 1);
        assertThat(world.deployment("api-blue")).isNull();
        assertThat(world.target.inPlace()).containsExactly(new dev.slipway.environment.DeployTarget.InPlace("web",
                "staging", 2));
        world.target.stop(blue); // already gone: nothing to do
    }

    private List<Map<String, String>> selectors() {
        return world.test.services().inNamespace(world.namespace).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(s -> s.getMetadata().getName()))
                .map(Service::getSpec).map(s -> s.getSelector()).toList();
    }

    /** The requests the mock received since the last drain. */
    private static List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = cluster.server().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests;
    }
}
