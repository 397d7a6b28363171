package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An environment's {@code require:}: the evidence a digest must carry to be promoted there. */
class EnvironmentRequireTest {
    private static final String STAGES =
            "stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]\n"
                    + "service: { command: x }\n";

    private static PipelineSpec parse(String yaml) throws PipelineException {
        return new PipelineParser().parse(STAGES + yaml);
    }

    @Test
    void requireNamesEvidenceAndMakesTheEnvironmentGated() throws Exception {
        PipelineSpec spec = parse("""
                environments:
                  - name: staging
                    branches: [ main ]
                  - name: production
                    from: staging
                    require: [ provenance, reproducible ]
                  - name: audit
                    branches: [ main ]
                    require: [ provenance ]
                """);

        assertThat(spec.environment("staging").orElseThrow().require()).isEmpty();
        assertThat(spec.environment("production").orElseThrow().require())
                .containsExactlyInAnyOrder(Evidence.PROVENANCE, Evidence.REPRODUCIBLE);
        EnvironmentSpec audit = spec.environment("audit").orElseThrow();
        assertThat(audit.require()).containsExactly(Evidence.PROVENANCE);
        assertThat(audit.gated()).as("a push is a promotion there, checked like any other").isTrue();
    }

    @Test
    void unknownEvidenceIsNamedAtItsPlaceWithTheWordsThatExist() {
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    require: [ provenance, signed ]
                """))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining(".slipway.yml:5:28: ")
                .hasMessageContaining("'require' of environment 'production' names 'signed', which is no evidence "
                        + "Slipway checks; use provenance, reproducible");
    }

    @Test
    void evidenceNamedTwiceOrNotAsAListIsRefused() {
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    require: [ provenance, provenance ]
                """))
                .hasMessageContaining(".slipway.yml:5:28: ")
                .hasMessageContaining("names 'provenance' twice");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    require: { provenance: true }
                """))
                .hasMessageContaining(".slipway.yml:5:")
                .hasMessageContaining("'require' in environment 'production' must be a list of evidence");
    }
}
