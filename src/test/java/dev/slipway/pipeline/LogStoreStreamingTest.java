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

        LogReader reader = new LogReader(logs);
        List<String> pieces = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 20 && !String.join("", pieces).endsWith("after\n"); i++) {
            LogReader.Piece piece = reader.after(unit, offset, 256 * 1024, false);
            assertThat(piece.start()).isEqualTo(offset);
            pieces.add(new String(piece.bytes(), StandardCharsets.UTF_8));
            offset = piece.end();
        }

        assertThat(String.join("", pieces)).isEqualTo(longLine + "\n2026-11-22T10:00:00Z after\n");
        assertThat(pieces).hasSizeGreaterThan(2).allSatisfy(p -> assertThat(p).doesNotContain("\uFFFD"));
        assertThat(offset).isEqualTo(Files.size(file));
    }

    @Test
    void halfALineWaitsForItsEndUnlessTheLogEnded() throws Exception {
        LogStore logs = new LogStore(root, LogStoreMaskingTest.CLOCK);
        Path file = logs.file("hello", 1, 0, "unit");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "2026-11-22T10:00:00Z one\n2026-11-22T10:00:00Z tw", StandardCharsets.UTF_8);

        LogReader reader = new LogReader(logs);
        assertThat(new String(reader.after(unit, 0, 1024, false).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("2026-11-22T10:00:00Z one\n");
        assertThat(reader.after(unit, 25, 1024, false).isEmpty()).isTrue();
        assertThat(new String(reader.after(unit, 25, 1024, true).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("2026-11-22T10:00:00Z tw");
    }

    @Test
    void aChunkBeforeAnOffsetBeginsAtALineStart() throws Exception {
        LogStore logs = new LogStore(root, LogStoreMaskingTest.CLOCK);
        Path file = logs.file("hello", 1, 0, "unit");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "aaaa\nbbbb\ncccc\n", StandardCharsets.UTF_8);

        LogReader.Chunk chunk = new LogReader(logs).chunk(unit, 0, 15, 8);
        assertThat(chunk.text()).isEqualTo("cccc\n");
        assertThat(chunk.start()).isEqualTo(10);
        assertThat(chunk.end()).isEqualTo(15);
        assertThat(chunk.more()).isTrue();
        assertThat(new LogReader(logs).chunk(unit, 0, 5, 64).text()).isEqualTo("aaaa\n");
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
