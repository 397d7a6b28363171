package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watch's probe asks the target about the deployment's own process and health path, and only when it has one. */
class TargetHealthTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final List<String> asked = new ArrayList<>();

    @Test
    void aRecordedServiceIsAskedOnItsLaunchsHealthPath() {
        TargetHealth health = new TargetHealth((service, path) -> {
            asked.add(service.port() + path);
            return service.port() == 20001;
        });

        assertThat(health.healthy(deployment(new RunningService(41, 7, 20001, null)))).isTrue();
        assertThat(health.healthy(deployment(new RunningService(42, 7, 20002, null)))).isFalse();
        assertThat(asked).containsExactly("20001/ready", "20002/ready");
    }

    @Test
    void aDeploymentWithNoProcessIsNotHealthyAndTheTargetIsNotAsked() {
        TargetHealth health = new TargetHealth((service, path) -> {
            asked.add(path);
            return true;
        });

        assertThat(health.healthy(deployment(null))).isFalse();
        assertThat(asked).isEmpty();
    }

    private static Deployment deployment(RunningService service) {
        return new Deployment("hello", 1, "staging", Digest.ofBytes("a".getBytes(StandardCharsets.UTF_8)), "c1", 1,
                DeploymentTrigger.PUSH, "rita", new Launch("./serve", "/ready", Duration.ofSeconds(30), Map.of()),
                DeploymentState.LIVE, null, service, T0, T0, null);
    }
}
