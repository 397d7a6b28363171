package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a log file's last N lines begin: what `slipway logs APP --env ENV --tail N` starts from. */
class LogReaderLastLinesTest {
    @TempDir
    Path dir;

    private final LogReader reader = new LogReader(new LogStore(Path.of("unused"), Clock.systemUTC()));

    @Test
    void theLastLinesOfAFileWithOrWithoutItsLastNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("out.log"), "one\ntwo\nthree\n");
        assertThat(reader.startOfLastLines(file, 1)).isEqualTo(8);
        assertThat(reader.startOfLastLines(file, 2)).isEqualTo(4);
        assertThat(reader.startOfLastLines(file, 3)).isZero();
        assertThat(reader.startOfLastLines(file, 200)).isZero();
        assertThat(reader.startOfLastLines(file, 0)).isEqualTo(Files.size(file));

        Files.writeString(file, "one\ntwo\nhalf");
        assertThat(reader.startOfLastLines(file, 1)).isEqualTo(8);
        assertThat(reader.startOfLastLines(file, 2)).isEqualTo(4);
        assertThat(reader.startOfLastLines(dir.resolve("none.log"), 5)).isZero();
    }

    @Test
    void linesFarBackInALongFileAreFoundAcrossReads() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 50_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("long.log"), text);
        long start = reader.startOfLastLines(file, 20_000);
        assertThat(Files.readString(file).substring((int) start)).startsWith("line 30001\n").endsWith("line 50000\n");
    }
}
