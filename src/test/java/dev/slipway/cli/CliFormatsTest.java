package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliFormatsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "2026-11-22T02:59:55.123Z, 4s",
        "2026-11-22T03:00:00Z,     0s",
        "2026-11-22T03:00:09Z,     0s", // a server clock slightly ahead is not a negative age
        "2026-11-22T02:57:00Z,     3m",
        "2026-11-22T01:00:00Z,     2h",
        "2026-11-18T02:00:00Z,     4d",
        "2026-11-22T04:00:00+02:00, 1h",
        "yesterday,                -",
    })
    void ages(String then, String expected) {
        assertThat(Formats.age(then, NOW)).isEqualTo(expected);
    }

    @Test
    void aMissingTimeHasNoAge() {
        assertThat(Formats.age(null, NOW)).isEqualTo("-");
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-22T02:59:58.731Z,  2026-11-22T02:59:58Z",
        "2026-11-22T02:50:00Z,      2026-11-22T02:50:00Z",
        "2026-11-22T04:00:00+02:00, 2026-11-22T02:00:00Z",
        "yesterday,                 yesterday",
    })
    void timesAreUtcToTheSecond(String iso, String expected) {
        assertThat(Formats.time(iso)).isEqualTo(expected);
        assertThat(Formats.time(null)).isEqualTo("-");
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-22T02:00:00Z, 2026-11-22T02:00:42Z, 42s",
        "2026-11-22T02:00:00Z, 2026-11-22T02:03:05Z, 3m05s",
        "2026-11-22T00:58:00Z, 2026-11-22T02:00:00Z, 1h02m",
        "2026-11-22T02:59:30Z,                     , 30s",
        "                    ,                     , -",
    })
    void durationsRunToTheFinishOrToNow(String started, String finished, String expected) {
        assertThat(Formats.duration(started, finished, NOW)).isEqualTo(expected);
    }

    @Test
    void shortensCommitsDigestsAndErrors() {
        assertThat(Formats.commit("3f2a9c1d5e6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c")).isEqualTo("3f2a9c1");
        assertThat(Formats.digest("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
                .isEqualTo("9f86d081884c");
        assertThat(Formats.commit(null)).isEqualTo("-");
        assertThat(Formats.digest(null)).isEqualTo("-");
        assertThat(Formats.firstLine("\n  boom \nstack")).isEqualTo("boom");
    }

    @Test
    void tableAlignsColumnsWithoutTrailingSpaces() {
        StringWriter text = new StringWriter();
        new Table("A", "LONGER", "C")
                .row("wide cell", "x", "")
                .row("y", "tab\there", "last")
                .print(new PrintWriter(text, true));

        assertThat(text.toString()).isEqualTo("""
                A          LONGER    C
                wide cell  x
                y          tab here  last
                """);
    }
}
