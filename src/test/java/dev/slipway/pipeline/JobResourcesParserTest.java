package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A job's {@code resources:}: Kubernetes quantities, checked at push time with the file's line and column. */
class JobResourcesParserTest {
    private final PipelineParser parser = new PipelineParser();

    private JobSpec job(String resources) throws PipelineException {
        return parser.parse("""
                stages:
                  - name: build
                    jobs:
                      compile:
                        container: maven:3.9
                        resources: %s
                        steps: [ mvn package ]
                """.formatted(resources)).stages().get(0).jobs().get(0);
    }

    @Test
    void readsCpuAndMemoryAsWritten() throws PipelineException {
        assertThat(job("{ cpu: 1, memory: 2Gi }").resources())
                .isEqualTo(new JobResources(Optional.of("1"), Optional.of("2Gi")));
        assertThat(job("{ cpu: 500m }").resources()).isEqualTo(new JobResources(Optional.of("500m"), Optional.empty()));
        assertThat(job("{ memory: 1.5G }").resources()).isEqualTo(new JobResources(Optional.empty(), Optional.of("1.5G")));
    }

    @Test
    void aJobWithoutResourcesAsksForNone() throws PipelineException {
        assertThat(parser.parse("stages: [ { name: ci, jobs: { check: { steps: [ make ] } } } ]\n")
                .stages().get(0).jobs().get(0).resources()).isEqualTo(JobResources.NONE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{ cpu: one }                | 6:27 | 'one' is not a cpu quantity Kubernetes takes; expected a number of CPUs",
            "{ cpu: 0 }                  | 6:27 | '0' is not a cpu quantity Kubernetes takes",
            "{ cpu: -1 }                 | 6:27 | '-1' is not a cpu quantity",
            "{ memory: 2GB }             | 6:30 | '2GB' is not a memory quantity Kubernetes takes; expected bytes with a suffix, like 512Mi",
            "{ memory: 512m }            | 6:30 | ('m' is milli-bytes: did you mean '512Mi'?)",
            "{ memory: 2Gi, disk: 10Gi } | 6:35 | unknown key 'disk' in resources of job 'compile'; expected one of: cpu, memory",
            "2Gi                         | 6:20 | 'resources' in job 'compile'",
    })
    void refusesWhatAClusterWouldNotTakeSayingWhere(String resources, String at, String message) {
        assertThatThrownBy(() -> job(resources.strip()))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining(".slipway.yml:" + at + ": ")
                .hasMessageContaining(message.strip());
    }
}
