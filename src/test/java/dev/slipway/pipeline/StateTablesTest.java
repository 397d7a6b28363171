package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.environment.DeploymentState;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lifecycle's full table of moves: each pair is either allowed or refused, on purpose. */
class StateTablesTest {

    static Stream<Arguments> runMoves() {
        List<String> allowed = List.of("QUEUED>RUNNING", "QUEUED>SUCCEEDED", "QUEUED>FAILED", "QUEUED>ERRORED",
                "QUEUED>CANCELLED", "RUNNING>SUCCEEDED", "RUNNING>FAILED", "RUNNING>ERRORED", "RUNNING>CANCELLED");
        return Stream.of(RunState.values()).flatMap(from -> Stream.of(RunState.values())
                .map(to -> Arguments.of(from, to, allowed.contains(from + ">" + to))));
    }

    @ParameterizedTest(name = "run {0} -> {1}: {2}")
    @MethodSource("runMoves")
    void runStates(RunState from, RunState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    static Stream<Arguments> jobMoves() {
        List<String> allowed = List.of("QUEUED>RUNNING", "QUEUED>SKIPPED", "QUEUED>CANCELLED", "QUEUED>ERRORED",
                "RUNNING>SUCCEEDED", "RUNNING>FAILED", "RUNNING>ERRORED", "RUNNING>CANCELLED");
        return Stream.of(JobState.values()).flatMap(from -> Stream.of(JobState.values())
                .map(to -> Arguments.of(from, to, allowed.contains(from + ">" + to))));
    }

    @ParameterizedTest(name = "job {0} -> {1}: {2}")
    @MethodSource("jobMoves")
    void jobStates(JobState from, JobState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    static Stream<Arguments> deploymentMoves() {
        List<String> allowed = List.of("QUEUED>DEPLOYING", "QUEUED>CANCELLED", "QUEUED>ERRORED",
                "DEPLOYING>READY", "DEPLOYING>LIVE", "DEPLOYING>FAILED", "DEPLOYING>ERRORED", "READY>LIVE", "READY>CANCELLED",
                "READY>ERRORED", "LIVE>WARM", "LIVE>RETIRED", "WARM>LIVE", "WARM>RETIRED");
        return Stream.of(DeploymentState.values()).flatMap(from -> Stream.of(DeploymentState.values())
                .map(to -> Arguments.of(from, to, allowed.contains(from + ">" + to))));
    }

    @ParameterizedTest(name = "deployment {0} -> {1}: {2}")
    @MethodSource("deploymentMoves")
    void deploymentStates(DeploymentState from, DeploymentState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "stage of [{0}] is {1}")
    @CsvSource({
            "'QUEUED,QUEUED', QUEUED",
            "'RUNNING,QUEUED', RUNNING",
            "'SUCCEEDED,QUEUED', RUNNING",
            "'SUCCEEDED,SUCCEEDED', SUCCEEDED",
            "'SUCCEEDED,FAILED', FAILED",
            "'FAILED,ERRORED', ERRORED",
            "'RUNNING,FAILED', RUNNING",
            "'CANCELLED,SUCCEEDED', CANCELLED",
            "'SKIPPED,SKIPPED', SKIPPED",
            "'', SKIPPED",
    })
    void stageStateIsDerivedFromItsJobs(String jobs, JobState expected) {
        List<JobState> states = jobs == null || jobs.isBlank() ? List.of()
                : Stream.of(jobs.split(",")).map(JobState::valueOf).toList();
        assertThat(JobState.ofStage(states)).isEqualTo(expected);
    }
}
