package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values never reach a job log on disk, and are hidden again when a log is served. */
class LogStoreMaskingTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final LogMasking HIDE_HUNTER = app -> app.equals("hello") ? line -> line.replace("hunter22", "***")
            : UnaryOperator.identity();

    @TempDir
    Path root;

    private final JobRun unit = new JobRun("hello", 1, 0, "test", "unit", JobState.SUCCEEDED, 0, null, null, null);

    @Test
    void linesAreMaskedBeforeTheyAreWritten() throws Exception {
        LogStore logs = new LogStore(root, CLOCK, HIDE_HUNTER);
        try (LogStore.Writer out = logs.open("hello", 1, 0, "unit")) {
            out.line("password=hunter22");
            out.line("$ echo hunter22\n  and more");
        }
        String onDisk = Files.readString(logs.file("hello", 1, 0, "unit"));
        assertThat(onDisk).doesNotContain("hunter22").contains("password=***").contains("$ echo ***");
    }

    @Test
    void otherAppsAreLeftAlone() throws Exception {
        LogStore logs = new LogStore(root, CLOCK, HIDE_HUNTER);
        try (LogStore.Writer out = logs.open("other", 1, 0, "unit")) {
            out.line("password=hunter22");
        }
        assertThat(Files.readString(logs.file("other", 1, 0, "unit"))).contains("hunter22");
    }

    @Test
    void aValueSetAfterTheLineWasWrittenIsMaskedWhenServed() throws Exception {
        try (LogStore.Writer out = new LogStore(root, CLOCK).open("hello", 1, 0, "unit")) {
            out.line("password=hunter22");
        }
        LogStore logs = new LogStore(root, CLOCK, HIDE_HUNTER);
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        logs.copyRunLog(List.of(unit), copied);
        assertThat(copied.toString(StandardCharsets.UTF_8)).isEqualTo("2026-11-22T10:00:00Z [test/unit] password=***\n");
        String stored = Files.readString(logs.file("hello", 1, 0, "unit")).strip();
        assertThat(logs.runLine(unit).apply(stored)).isEqualTo("2026-11-22T10:00:00Z [test/unit] password=***");
    }
}
