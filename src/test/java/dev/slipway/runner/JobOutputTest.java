package dev.slipway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.Cancellation;
import dev.slipway.pipeline.JobExecutor;
import dev.slipway.pipeline.JobLogLimit;
import dev.slipway.pipeline.JobSpec;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogMasking;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunState;
import dev.slipway.pipeline.StageSpec;
import dev.slipway.pipeline.StepSpec;
import dev.slipway.process.TestSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real `bash` steps through the real log store: what a failure says, and what a flood of output leaves. */
class JobOutputTest {
    @TempDir
    Path tmp;

    private final LocalJobExecutor executor = new LocalJobExecutor(TestSandbox.hiding());

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

    @Test
    void aJobPrintingPastItsLogLimitRunsToTheEndAndKeepsTheLimitAndATruncationLine() throws IOException {
        // a fixed clock: every stored output line is "<24-character time> <99 digits>\n", 125 bytes
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00.123Z"), ZoneOffset.UTC);
        LogStore logs = new LogStore(tmp.resolve("logs"), clock, LogMasking.NONE, JobLogLimit.parse("64KB"));
        String flood = "for i in $(seq 4000); do printf '%099d\\n' $i; done; echo finished; touch ran-to-the-end";
        JobSpec job = new JobSpec("flood", List.of(StepSpec.of(flood)), Duration.ofSeconds(60), List.of());

        JobExecutor.Outcome outcome = run(logs, job);

        assertThat(outcome.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(tmp.resolve("ws-flood/ran-to-the-end")).exists();
        Path file = logs.file("app", 1, 0, "flood");
        List<String> lines = Files.readAllLines(file);
        List<String> output = lines.stream().filter(l -> l.matches("\\S+ \\d{99}")).toList();
        int kept = output.size();
        for (int i = 0; i < kept; i++) { // the first lines, in order, none cut
            assertThat(output.get(i)).isEqualTo("2026-12-02T10:00:00.123Z " + "%099d".formatted(i + 1));
        }
        long echo = ("2026-12-02T10:00:00.123Z $ " + flood + "\n").length();
        assertThat(echo + kept * 125L).isLessThanOrEqualTo(64 * 1024).isGreaterThan(64 * 1024 - 125);
        long dropped = (4000L - kept) * 125 + "2026-12-02T10:00:00.123Z finished\n".length();
        assertThat(lines).last().isEqualTo("2026-12-02T10:00:00.123Z slipway: … log truncated at 64 KB (" + dropped
                + " bytes dropped); see --job-log-limit");
        assertThat(lines).doesNotContain("2026-12-02T10:00:00.123Z finished");
        assertThat(Files.size(file)).isLessThan(64 * 1024 + 512);
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
