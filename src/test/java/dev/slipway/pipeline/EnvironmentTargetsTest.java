package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An environment's {@code targets:}: names or labels that narrow what an admin bound to it. */
class EnvironmentTargetsTest {
    private static final String STAGES =
            "stages: [ { name: build, jobs: { compile: { steps: [ make ], artifact: [ dist/ ] } } } ]\n"
                    + "service: { command: x }\n";

    private static PipelineSpec parse(String yaml) throws PipelineException {
        return new PipelineParser().parse(STAGES + yaml);
    }

    @Test
    void namesOrLabels() throws Exception {
        PipelineSpec spec = parse("""
                environments:
                  - name: staging
                  - name: production
                    targets: [prod-a, prod-b]
                  - name: qa
                    targets: { site: ka, tier: web }
                  - name: dev
                    targets: lab-1
                """);
        assertThat(spec.environments().get(0).targets()).isEmpty();
        assertThat(spec.environments().get(1).targets()).contains(new TargetChoice.Named(List.of("prod-a", "prod-b")));
        TargetChoice.Labelled qa = (TargetChoice.Labelled) spec.environments().get(2).targets().orElseThrow();
        assertThat(qa.labels()).containsExactly(Map.entry("site", "ka"), Map.entry("tier", "web"));
        assertThat(qa.text()).isEqualTo("site=ka,tier=web");
        assertThat(spec.environments().get(3).targets()).contains(new TargetChoice.Named(List.of("lab-1")));
    }

    @Test
    void mistakesAreSaidAtTheirPlace() {
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    targets: [prod-a, Prod_B]
                """)).hasMessageContaining(".slipway.yml:5:23: ")
                .hasMessageContaining("target name 'Prod_B' in environment 'production' is not allowed");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    targets: [prod-a, prod-a]
                """)).hasMessageContaining(".slipway.yml:5:23: ").hasMessageContaining("listed twice");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    targets: []
                """)).hasMessageContaining(".slipway.yml:5:14: ").hasMessageContaining("empty list");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    targets: { site: [ka, ber] }
                """)).hasMessageContaining(".slipway.yml:5:22: ")
                .hasMessageContaining("the value of label 'site' in targets of environment 'production'");
        assertThatThrownBy(() -> parse("""
                environments:
                  - name: production
                    targets: { Site: ka }
                """)).hasMessageContaining(".slipway.yml:5:16: ").hasMessageContaining("label 'Site'");
    }
}
