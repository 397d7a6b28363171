package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lint answers what a push would: the same parser, limit and message; a valid file is summed up. */
class PipelineLintTest {
    private final PipelineLint lint = new PipelineLint();

    private PipelineLint.Result lint(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return lint.lint(bytes, bytes.length);
    }

    @Test
    void aValidFileIsSummedUpStageByStageAndEnvironmentByEnvironment() {
        PipelineLint.Result result = lint("""
                stages:
                  - name: build
                    jobs:
                      compile: { steps: [ make ], artifact: [ dist/ ] }
                  - name: test
                    jobs:
                      unit: { steps: [ make test ] }
                      lint: { steps: [ make lint ] }
                service: { command: "./dist/server", health: /healthz }
                environments:
                  - { name: staging, branches: [ main ], strategy: bluegreen }
                  - { name: production, from: staging, tags: [ "v*" ], approvals: { required: 2 } }
                """);

        assertThat(result.problem()).isEmpty();
        assertThat(result.summary()).containsExactly(
                "stage build: compile",
                "stage test: unit, lint",
                "artifact: made by job compile from dist/",
                "service: ./dist/server (health /healthz)",
                "environment staging: deployed by a push to main; bluegreen",
                "environment production: tags v*; promoted from staging; 2 approvals by a releaser; "
                        + "protected; recreate");
    }

    @Test
    void anInvalidFileGetsThePushsMessageWithItsLineAndColumn() {
        String text = "stages:\n  - name: build\n    jobs:\n      compile: { stepz: [ make ] }\n";
        PipelineLint.Result result = lint(text);

        PipelineLint.Problem problem = result.problem().orElseThrow();
        assertThatThrownBy(() -> new PipelineParser().parse(text)).hasMessage(problem.message());
        assertThat(problem.message()).isEqualTo(".slipway.yml:" + problem.line() + ":" + problem.column() + ": "
                + problem.problem());
        assertThat(problem.line()).isEqualTo(4);
        assertThat(result.summary()).isEmpty();
    }

    @Test
    void aFileOverTheLimitIsRefusedFromItsHeadAlone() {
        byte[] head = ("stages: []\n" + "#".repeat(PipelineParser.MAX_FILE_BYTES)).getBytes(StandardCharsets.UTF_8);

        PipelineLint.Result result = lint.lint(java.util.Arrays.copyOf(head, PipelineParser.MAX_FILE_BYTES + 1), 5_000_000);

        assertThat(result.problem().orElseThrow().message())
                .startsWith(".slipway.yml:2:262134: the pipeline file is 5000000 bytes, over the 256 KB limit");
    }
}
