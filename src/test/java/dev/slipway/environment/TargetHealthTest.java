package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch's probe asks the target about the deployment's own process and health path, and only when it has one. */
class TargetHealthTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Launch LAUNCH = new Launch("./serve", "/ready", Duration.ofSeconds(30), Map.of());
    private static final Digest DIGEST = Digest.ofBytes("a".getBytes(StandardCharsets.UTF_8));

    private final InMemoryTarget target = new InMemoryTarget();
    private final TargetHealth health = new TargetHealth(target);

    @AfterEach
    void stop() {
        target.stopAll();
    }

    private RunningService started(long deployment) throws DeployFailedException {
        return target.start(new DeployTarget.Start("hello", "staging", deployment, DIGEST, LAUNCH, Map.of(), Set.of(),
                line -> { }));
    }

    @Test
    void aRecordedServiceIsAskedOnItsLaunchsHealthPath() throws Exception {
        RunningService healthy = started(1);
        RunningService failing = started(2);
        target.healthy(failing, false);

        assertThat(health.healthy(deployment(healthy))).isTrue();
        assertThat(health.healthy(deployment(failing))).isFalse();
        target.stop(healthy);
        assertThat(health.healthy(deployment(healthy))).as("gone").isFalse();
    }

    @Test
    void aDeploymentWithNoProcessIsNotHealthyAndTheTargetIsNotAsked() {
        assertThat(health.healthy(deployment(null))).isFalse();
    }

    private static Deployment deployment(RunningService service) {
        return new Deployment("hello", 1, "staging", DIGEST, "c1", 1, DeploymentTrigger.PUSH, "rita", LAUNCH,
                DeploymentState.LIVE, null, service, T0, T0, null);
    }
}
