package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.PipelineException;
import dev.slipway.pipeline.PipelineParser;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.ServiceSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each trigger's order says what the old positional constructors were given for it. */
class DeployOrderTest {
    private static final Release RELEASE = new Release(Digest.ofBytes(new byte[] {1}), "c".repeat(40), 7);
    private final PipelineSpec spec;
    private final ServiceSpec service;

    DeployOrderTest() throws PipelineException {
        spec = new PipelineParser().parse("""
                stages: [ { name: build, jobs: { compile: { steps: [ ./build.sh ], artifact: [ dist/ ] } } } ]
                service: { command: ./serve, health: /healthz }
                environments:
                  - name: dev
                    branches: [ "*", "!main" ]
                    ephemeral: true
                    ttl: 2h
                  - name: staging
                    branches: [ main ]
                    verify: [ { run: "curl -fsS $SLIPWAY_URL/healthz" } ]
                    config: { GREETING: hi }
                  - name: production
                    from: staging
                    strategy: bluegreen
                    swap: auto
                    keep_warm: 5m
                """);
        service = spec.service().orElseThrow();
    }

    @Test
    void aPushIntoAPerBranchEnvironmentCarriesItsBranchAndTtl() {
        DeployOrder order = DeployOrder.push("hello", "dev-feature-x", spec.environment("dev").orElseThrow(),
                "feature/x", RELEASE, "alice", service);

        assertThat(order.environment()).isEqualTo("dev-feature-x");
        assertThat(order.specName()).isEqualTo("dev");
        assertThat(order.branch()).contains("feature/x");
        assertThat(order.ttl()).contains(Duration.ofHours(2));
        assertThat(order.trigger()).isEqualTo(DeploymentTrigger.PUSH);
        assertThat(order.launch()).isEqualTo(new Launch("./serve", "/healthz", Duration.ofSeconds(30), Map.of()));
        assertThat(order.rollout()).isEqualTo(Rollout.RECREATE);
    }

    @Test
    void theLaunchTakesTheServicesStopGraceAndLivenessPathUnlessTheEnvironmentSetsItsOwnGrace() throws Exception {
        PipelineSpec graced = new PipelineParser().parse("""
                stages: [ { name: build, jobs: { compile: { steps: [ ./build.sh ], artifact: [ dist/ ] } } } ]
                service: { command: ./serve, stop_grace: 45s, health: { path: /ready, liveness: /live } }
                environments:
                  - name: staging
                    branches: [ main ]
                  - name: production
                    branches: [ release ]
                    stop_grace: 2m
                """);
        ServiceSpec slow = graced.service().orElseThrow();

        Launch staging = DeployOrder.push("hello", "staging", graced.environment("staging").orElseThrow(), "main",
                RELEASE, "alice", slow).launch();
        Launch production = DeployOrder.push("hello", "production", graced.environment("production").orElseThrow(),
                "release", RELEASE, "alice", slow).launch();

        assertThat(staging.stopGrace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(production.stopGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(production.health()).isEqualTo("/ready");
        assertThat(production.liveness()).isEqualTo("/live");
    }

    @Test
    void aPushIntoASharedEnvironmentBelongsToNoBranchAndVerifies() {
        DeployOrder order = DeployOrder.push("hello", "staging", spec.environment("staging").orElseThrow(), "main",
                RELEASE, "alice", service);

        assertThat(order.branch()).isEmpty();
        assertThat(order.ttl()).isEmpty();
        assertThat(order.verify()).hasSize(1);
        assertThat(order.launch().config()).containsEntry("GREETING", "hi");
    }

    @Test
    void promotionsAndTagsTakeTheEntrysStrategyAndNoTtl() {
        DeployOrder promotion = DeployOrder.promotion("hello", "production", RELEASE, "dave",
                spec.environment("production").orElseThrow(), service);
        DeployOrder tag = DeployOrder.tag("hello", "production", RELEASE, "dave",
                spec.environment("production").orElseThrow(), service);

        assertThat(promotion.trigger()).isEqualTo(DeploymentTrigger.PROMOTION);
        assertThat(tag.trigger()).isEqualTo(DeploymentTrigger.TAG);
        assertThat(promotion.rollout()).isEqualTo(new Rollout(true, true, Duration.ofMinutes(5)));
        assertThat(promotion.branch()).isEmpty();
        assertThat(promotion.ttl()).isEmpty();
        assertThat(promotion.specName()).isEqualTo("production");
    }
}
