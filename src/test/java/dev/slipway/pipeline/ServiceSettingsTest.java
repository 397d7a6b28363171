package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** service: stop_grace (default 30 s, an environment may override it) and health as a path or a readiness/liveness pair. */
class ServiceSettingsTest {
    private static final String STAGES =
            "stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]\n";

    private static PipelineSpec parse(String yaml) throws PipelineException {
        return new PipelineParser().parse(STAGES + yaml);
    }

    @Test
    void aServiceIsGivenThirtySecondsToStopAndIsProbedOnItsHealthPathUnlessItSaysOtherwise() throws Exception {
        ServiceSpec service = parse("service: { command: ./dist/app, health: /healthz }\n").service().orElseThrow();

        assertThat(service.stopGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(service.health()).isEqualTo("/healthz");
        assertThat(service.liveness()).isEqualTo("/healthz");
    }

    @Test
    void stopGraceAndSeparateReadinessAndLivenessPaths() throws Exception {
        PipelineSpec spec = parse("""
                service:
                  command: java -jar dist/app.jar
                  stop_grace: 45s
                  health:
                    path: /actuator/health/readiness
                    liveness: /actuator/health/liveness
                environments:
                  - name: staging
                  - name: production
                    stop_grace: 2m
                """);

        ServiceSpec service = spec.service().orElseThrow();
        assertThat(service.stopGrace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(service.health()).isEqualTo("/actuator/health/readiness");
        assertThat(service.liveness()).isEqualTo("/actuator/health/liveness");
        assertThat(spec.environments().get(0).stopGrace()).isEmpty();
        assertThat(spec.environments().get(1).stopGrace()).contains(Duration.ofMinutes(2));
    }

    @Test
    void aHealthMappingWithOnlyItsPathIsProbedThereForLivenessToo() throws Exception {
        ServiceSpec service = parse("service: { command: x, health: { path: /ready }, stop_grace: 0s }\n")
                .service().orElseThrow();

        assertThat(service.health()).isEqualTo("/ready");
        assertThat(service.liveness()).isEqualTo("/ready");
        assertThat(service.stopGrace()).isZero();
    }
}
