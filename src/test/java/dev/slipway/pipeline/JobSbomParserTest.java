package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A job's {@code sbom:}: one file in the workspace, about the run's artifact, checked with the file's line and column. */
class JobSbomParserTest {
    private final PipelineParser parser = new PipelineParser();

    private PipelineSpec parse(String sbom) throws PipelineException {
        return parser.parse("""
                stages:
                  - name: build
                    jobs:
                      package:
                        steps: [ mvn package ]
                        artifact: [ target/app.jar ]
                        sbom: %s
                """.formatted(sbom));
    }

    @Test
    void theArtifactJobNamesItsSbom() throws PipelineException {
        assertThat(parse("target/bom.json").stages().get(0).jobs().get(0).sbom()).hasValue("target/bom.json");
        assertThat(parser.parse("stages: [ { name: ci, jobs: { check: { steps: [ make ] } } } ]\n")
                .stages().get(0).jobs().get(0).sbom()).isEqualTo(Optional.empty());
    }

    @Test
    void aJobOfALaterStageMayWriteTheSbomOfTheArtifact() throws PipelineException {
        PipelineSpec spec = parser.parse("""
                stages:
                  - name: build
                    jobs:
                      package: { steps: [ make ], artifact: [ dist/ ] }
                  - name: scan
                    jobs:
                      sbom: { steps: [ syft dir:. -o cyclonedx-json=bom.json ], sbom: bom.json }
                """);
        assertThat(spec.stages().get(1).jobs().get(0).sbom()).hasValue("bom.json");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/tmp/bom.json          | 7:15 | sbom path '/tmp/bom.json' must be relative to the job's workspace",
            "../bom.json            | 7:15 | sbom path '../bom.json' must stay inside the job's workspace",
            "'target/*.json'        | 7:15 | sbom path 'target/*.json' must name one file, without wildcards",
            "target/                | 7:15 | must name one file",
            "[ a.json, b.json ]     | 7:15 | 'sbom' in job 'package'",
            "''                     | 7:9  | 'sbom' in job 'package'",
    })
    void refusesWhatIsNotOneFileOfTheWorkspaceSayingWhere(String sbom, String at, String message) {
        assertThatThrownBy(() -> parse(sbom.strip()))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining(".slipway.yml:" + at + ": ")
                .hasMessageContaining(message.strip());
    }

    @Test
    void aJobThatCannotSeeTheArtifactIsRefused() {
        assertThatThrownBy(() -> parser.parse("""
                stages:
                  - name: build
                    jobs:
                      lint: { steps: [ make lint ], sbom: bom.json }
                      package: { steps: [ make ], artifact: [ dist/ ] }
                """))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining(".slipway.yml:4:")
                .hasMessageContaining("job 'lint' declares 'sbom', which describes the run's artifact, but no job of "
                        + "this or an earlier stage produces it");
        assertThatThrownBy(() -> parser.parse("""
                stages:
                  - name: build
                    jobs:
                      package: { steps: [ make ], artifact: [ dist/ ] }
                      lint: { steps: [ make lint ], sbom: bom.json }
                """))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("but job 'package' of the same stage produces it; declare 'sbom' in the job with "
                        + "'artifact' or 'image', or in a job of a later stage");
    }
}
