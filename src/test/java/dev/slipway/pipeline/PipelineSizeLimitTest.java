package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A pipeline file is refused above its size limit before any YAML is read, at the line where the limit is crossed. */
class PipelineSizeLimitTest {
    private static final String VALID = "stages: [ { name: build, jobs: { compile: { steps: [ make ] } } } ]\n";
    private static final int LIMIT = PipelineParser.MAX_FILE_BYTES;

    private final PipelineParser parser = new PipelineParser();

    @Test
    void theLimitIs256KiB() {
        assertThat(LIMIT).isEqualTo(256 * 1024);
    }

    @Test
    void aFileOverTheLimitIsRefusedAtTheLineWhereTheLimitIsCrossed() {
        // 100-byte comment lines after the one valid line: byte LIMIT + 1 falls on a known line and column
        String line = "#" + "x".repeat(98) + "\n";
        StringBuilder text = new StringBuilder(VALID);
        while (text.length() <= LIMIT + 500) {
            text.append(line);
        }
        int overAt = LIMIT - VALID.length(); // 0-based offset of the first byte over the limit, after line 1
        int expectedLine = 2 + overAt / line.length();
        int expectedColumn = 1 + overAt % line.length();

        PipelineException error = catchThrowableOfType(PipelineException.class, () -> parser.parse(text.toString()));

        assertThat(error).isNotNull();
        assertThat(error.line()).isEqualTo(expectedLine);
        assertThat(error.column()).isEqualTo(expectedColumn);
        assertThat(error.getMessage()).startsWith(".slipway.yml:" + expectedLine + ":" + expectedColumn + ": ")
                .contains("256 KB").contains(text.length() + " bytes")
                .contains("move long scripts into files in the repository");
    }

    @Test
    void theSizeIsCheckedBeforeTheFileIsParsed() {
        // line 1 is broken YAML; a parser that read first would report it
        String text = "stages:\n\t- name: build\n" + "#\n".repeat(LIMIT);

        PipelineException error = catchThrowableOfType(PipelineException.class, () -> parser.parse(text));

        assertThat(error.problem()).contains("256 KB").doesNotContain("tab");
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        // 'é' is two bytes in UTF-8: half as many characters cross the limit
        String comment = "# " + "é".repeat(LIMIT / 2) + "\n";
        String text = VALID + comment;
        assertThat(text.length()).isLessThan(LIMIT);

        PipelineException error = catchThrowableOfType(PipelineException.class, () -> parser.parse(text));

        assertThat(error).isNotNull();
        assertThat(error.line()).isEqualTo(2);
        int charsBefore = 2 + (LIMIT - VALID.length() - 2) / 2; // "# " then two bytes per 'é'
        assertThat(error.column()).isEqualTo(1 + charsBefore);
    }

    @Test
    void aFileOfExactlyTheLimitIsParsed() throws PipelineException {
        StringBuilder text = new StringBuilder(VALID);
        while (text.length() < LIMIT - 100) {
            text.append("# ").append("y".repeat(97)).append('\n');
        }
        int rest = LIMIT - text.length();
        text.append("#").append("z".repeat(rest - 2)).append('\n');
        assertThat(text.toString().getBytes(StandardCharsets.UTF_8).length).isEqualTo(LIMIT);

        assertThat(parser.parse(text.toString()).stages()).hasSize(1);
    }

    @Test
    void aLongSingleLineCommentUpToTheLimitIsParsed() throws PipelineException {
        String text = VALID + "# " + "w".repeat(LIMIT - VALID.length() - 3) + "\n";

        assertThat(parser.parse(text).stages()).hasSize(1);
    }

    @Test
    void aControlCharacterIsReportedWhereItIs() {
        PipelineException error = catchThrowableOfType(PipelineException.class,
                () -> parser.parse("stages:\n  - name: bu\u0007ild\n"));

        assertThat(error.getMessage()).startsWith(".slipway.yml:2:13: ").contains("U+0007")
                .contains("remove it");
    }
}
