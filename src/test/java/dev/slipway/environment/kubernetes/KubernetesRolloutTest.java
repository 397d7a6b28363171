package dev.slipway.environment.kubernetes;

import static dev.slipway.environment.kubernetes.ClusterWorld.ONE;
import static dev.slipway.environment.kubernetes.ClusterWorld.TWO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.environment.DeployFailedException;
import dev.slipway.environment.RunningService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The rollout as the cluster reports it (the test writes what a controller would): a start returns once the
 * Deployment's rollout is done, fails early with the cluster's own reasons, and leaves the namespace as it was — the
 * previous release keeps serving; a stop undoes an in-place rollout this server made, as a fleet does on failure.
 */
class KubernetesRolloutTest extends ClusterWorldTest {
    @Test
    void startWaitsForTheRolloutTheClusterReports() throws Exception {
        CompletableFuture<RunningService> starting = world.starting(world.start(1, ONE, null, Duration.ofSeconds(30)));
        world.awaitApplied("web", 1);
        assertThat(starting).as("not done before the cluster says so").isNotDone();

        world.rollOut("web", 1);

        assertThat(ClusterWorld.outcome(starting).container()).endsWith("/web/staging/1");
    }

    @Test
    void anImagePullBackOffFailsTheStartWithItsReasonAndThePreviousReleaseIsBack() throws Exception {
        world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");
        Deployment before = world.deployment("web");

        CompletableFuture<RunningService> starting = world.starting(world.start(2, TWO, null, Duration.ofSeconds(30)));
        world.podWaiting("web", 2, "web-7f9c-x2x", "ImagePullBackOff",
                "Back-off pulling image \"registry.example:5000/web@" + TWO + "\"");

        assertThatThrownBy(() -> ClusterWorld.outcome(starting)).isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("pod web-7f9c-x2x container web: ImagePullBackOff: Back-off pulling image")
                .hasMessageContaining("Pod web-7f9c-x2x: Failed: Error: ImagePullBackOff")
                .hasMessageContaining("the namespace was put back as it was");
        Deployment after = world.deployment("web");
        assertThat(after.getSpec()).as("the previous Deployment spec is back").isEqualTo(before.getSpec());
        assertThat(after.getMetadata().getLabels()).containsEntry("slipway.dev/deployment", "1");
        assertThat(world.test.services().inNamespace(world.namespace).withName("web").get().getMetadata().getLabels())
                .containsEntry("slipway.dev/deployment", "1");
        assertThat(Files.readString(world.target.file("web", "staging", 2).orElseThrow()))
                .contains("failed: the rollout failed: pod web-7f9c-x2x container web: ImagePullBackOff",
                        "restored Deployment web");
    }

    @Test
    void aCrashLoopOnTheFirstStartLeavesNothingBehind() throws Exception {
        CompletableFuture<RunningService> starting = world.starting(world.start(1, ONE, null, Duration.ofSeconds(30)));
        world.podWaiting("web", 1, "web-abc-1", "CrashLoopBackOff", "back-off 10s restarting failed container=web");

        assertThatThrownBy(() -> ClusterWorld.outcome(starting)).isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("pod web-abc-1 container web: CrashLoopBackOff: back-off 10s restarting");
        assertThat(world.test.apps().deployments().inNamespace(world.namespace).list().getItems()).isEmpty();
        assertThat(world.test.services().inNamespace(world.namespace).list().getItems()).isEmpty();
        assertThat(world.test.secrets().inNamespace(world.namespace).list().getItems()).isEmpty();
    }

    @Test
    void aProgressDeadlineExceededFailsWithTheControllersMessage() throws Exception {
        CompletableFuture<RunningService> starting = world.starting(world.start(1, ONE, null, Duration.ofSeconds(30)));
        world.progressDeadlineExceeded("web", 1);

        assertThatThrownBy(() -> ClusterWorld.outcome(starting)).isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("Deployment web: ProgressDeadlineExceeded: ReplicaSet \"web-5d4\" has timed out");
    }

    @Test
    void aRolloutNotDoneInTimeSaysHowFarItGot() {
        assertThatThrownBy(() -> world.target.start(world.start(1, ONE, null, Duration.ofSeconds(1))))
                .isInstanceOf(DeployFailedException.class)
                .hasMessageContaining("the rollout was not done within 1s: Deployment web: 0/1 updated, 0 ready, "
                        + "0 available");
        assertThat(world.test.apps().deployments().inNamespace(world.namespace).list().getItems()).isEmpty();
    }

    @Test
    void stoppingAnInPlaceDeploymentThisServerRolledOutPutsThePreviousReleaseBack() throws Exception {
        RunningService one = world.deployed(world.start(1, ONE, null, Duration.ofSeconds(20)), "web");
        Deployment before = world.deployment("web");
        RunningService two = world.deployed(world.start(2, TWO, null, Duration.ofSeconds(20)), "web");
        assertThat(world.target.digest(two)).contains(TWO);

        world.target.stop(two); // what a fleet does when another target fails its one_by_one rollout

        assertThat(world.deployment("web").getSpec()).isEqualTo(before.getSpec());
        assertThat(world.target.find("web", "staging", 1)).contains(one);
        assertThat(world.target.digest(one)).contains(ONE);

        world.target.stop(one); // no change held for it: its objects are deleted
        assertThat(world.test.apps().deployments().inNamespace(world.namespace).list().getItems()).isEmpty();
        assertThat(world.test.services().inNamespace(world.namespace).list().getItems()).isEmpty();
        world.target.stop(one); // already gone: nothing to do
        world.target.stop(two);
    }
}
