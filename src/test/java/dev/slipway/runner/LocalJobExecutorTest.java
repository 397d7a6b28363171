package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.Cancellation;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobSpec;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.StageSpec;
import dev.slipway.pipeline.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real `bash` steps through the real log store: what a failure says, and what a flood of output leaves. */
class LocalJobExecutorTest {
    @TempDir
    Path tmp;

    private final LocalJobExecutor executor = new LocalJobExecutor();

    @Test
    void aLongCommandIsCutWithAnEllipsisInTheFailure() throws IOException {
        String command = "echo preparing the release notes for every module && test -f never-there-release-notes.md && exit 0";
        LogStore logs = new LogStore(tmp.resolve("logs"), Clock.systemUTC());

        JobExecutor.Outcome outcome = run(logs, new JobSpec("notes", List.of(StepSpec.of(command)),
                Duration.ofSeconds(30), List.of()));

        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        String shown = command.substring(0, 59) + "…";
        assertThat(outcome.error()).isEqualTo("step '" + shown + "' exited with code 1");
        assertThat(Files.readString(logs.file("app", 1, 0, "notes"))).contains("slipway: step '" + shown + "'");
    }

    @Test
    void aTimedOutMultiLineStepSaysThereIsMore() throws IOException {
        LogStore logs = new LogStore(tmp.resolve("logs"), Clock.systemUTC());

        JobExecutor.Outcome outcome = run(logs, new JobSpec("slow", List.of(StepSpec.of("echo start\nsleep 30\n")),
                Duration.ofMillis(300), List.of()));

        assertThat(outcome.state()).isEqualTo(JobState.FAILED);
        assertThat(outcome.error()).startsWith("timed out after 300ms in step 'echo start …';");
    }

    private JobExecutor.Outcome run(LogStore logs, JobSpec job) throws IOException {
        Path workspace = Files.createDirectories(tmp.resolve("ws-" + job.name()));
        Run run = new Run("app", 1, "main", "c0ffee", "tree", "digest", "admin", RunState.RUNNING, null, null, null,
                Instant.now(), Instant.now(), null);
        try (LogStore.Writer out = logs.open("app", 1, 0, job.name())) {
            return executor.execute(new JobExecutor.Context(run, new StageSpec("build", List.of(job)), job, workspace,
                    Map.of(), out, new Cancellation()));
        }
    }
}
