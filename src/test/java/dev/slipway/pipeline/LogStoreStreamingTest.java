package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs are served and followed a bounded piece at a time, whatever their size or the length of a line. */
class LogStoreStreamingTest {
    @TempDir
    Path root;

    private final JobRun unit = new JobRun("hello", 1, 0, "test", "unit", JobState.SUCCEEDED, 0, null, null, null);

    @Test
    void aLineLongerThanOneReadIsFollowedInPiecesAndWhatFollowsArrives() throws Exception {
        LogStore logs = new LogStore(root, LogStoreMaskingTest.CLOCK);
        Path file = logs.file("hello", 1, 0, "unit");
        Files.createDirectories(file.getParent());
        // "é" is two bytes: a read of whole bytes must not cut one in half
        String longLine = "2026-11-22T10:00:00Z " + "é".repeat(800_000);
        Files.writeString(file, longLine + "\n2026-11-22T10:00:00Z after\n", StandardCharsets.UTF_8);

        LogFollower follower = logs.follow(List.of(unit));
        List<String> polled = new ArrayList<>();
        for (int i = 0; i < 5 && !String.join("", polled).endsWith("after"); i++) {
            polled.addAll(follower.poll());
        }

        assertThat(polled).last().isEqualTo("2026-11-22T10:00:00Z [test/unit] after");
        String pieces = String.join("", polled.subList(0, polled.size() - 1));
        assertThat(pieces.replace("[test/unit] ", "")).isEqualTo(longLine);
        assertThat(polled.size()).isGreaterThan(2);
    }

    @Test
    void oneJobsWholeLogIsServedMaskedAgain() throws Exception {
        try (LogStore.Writer out = new LogStore(root, LogStoreMaskingTest.CLOCK).open("hello", 1, 0, "unit")) {
            out.line("password=hunter22");
            out.line("done");
        }
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        new LogStore(root, LogStoreMaskingTest.CLOCK, LogStoreMaskingTest.HIDE_HUNTER).copyJobLog(unit, copied);
        assertThat(copied.toString(StandardCharsets.UTF_8))
                .isEqualTo("2026-11-22T10:00:00Z password=***\n2026-11-22T10:00:00Z done\n");
    }
}
