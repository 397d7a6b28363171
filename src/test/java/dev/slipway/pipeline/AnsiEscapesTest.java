package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnsiEscapesTest {
    private static final String E = "\u001b";

    @Test
    void mavensColoursAreStrippedAndTheTextStays() {
        assertThat(AnsiEscapes.strip("[" + E + "[1;34mINFO" + E + "[m] " + E + "[1mBUILD SUCCESS" + E + "[0m"))
                .isEqualTo("[INFO] BUILD SUCCESS");
    }

    @Test
    void textWithoutEscapesIsReturnedAsItIs() {
        String plain = "nothing to see: [0m is not an escape without ESC";
        assertThat(AnsiEscapes.strip(plain)).isSameAs(plain);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unterminated CSI at the end           | a\u001b[31                              | a
            CSI cut short by a newline            | a\u001b[31\\nb                          | a\\nb
            CSI cut short by another ESC          | a\u001b[3\u001b[32mb                    | ab
            OSC title ended by BEL                | a\u001b]0;title\u0007b                  | ab
            OSC hyperlink ended by ST             | x\u001b]8;;http://x\u001b\\\\link\u001b]8;;\u001b\\\\ | xlink
            unterminated OSC swallows its line    | a\u001b]0;never ends\\nnext               | a\\nnext
            DCS string                            | a\u001bPq#0;2;0;0;0\u001b\\\\b              | ab
            two-character escape                  | a\u001bcb\u001b7c                        | abc
            charset designation                   | a\u001b(Bb                              | ab
            lone ESC before a letter-less char    | a\u001b\u0001b                          | a\u0001b
            lone ESC at the end                   | ab\u001b                                | ab
            private-mode CSI (cursor hide)        | a\u001b[?25lb                           | ab
            cursor movement                       | a\u001b[2K\u001b[1Gb                    | ab
            C1 CSI character                      | a\u009b31mb                             | a31mb
            """)
    void hostileAndOddSequencesLeaveNoEscapeBehind(String what, String raw, String expected) {
        String input = raw.replace("\\n", "\n").replace("\\\\", "\\");
        String stripped = AnsiEscapes.strip(input);
        assertThat(stripped).as(what).isEqualTo(expected.replace("\\n", "\n"));
        assertThat(stripped).as(what).doesNotContain(E).doesNotContain("\u009b");
    }

    @Test
    void hugeParametersNeitherOverflowNorBecomeColours() {
        String huge = E + "[" + "9".repeat(100_000) + ";" + "1;".repeat(50_000) + "31mred" + E + "[0m";
        assertThat(AnsiEscapes.strip(huge)).isEqualTo("red");
        AnsiEscapes.Scanner scanner = new AnsiEscapes.Scanner();
        int sgrs = 0;
        for (char c : huge.toCharArray()) {
            if (scanner.feed(c) == AnsiEscapes.Scanner.SGR) {
                sgrs++;
                assertThat(scanner.params()).hasSizeLessThanOrEqualTo(AnsiEscapes.MAX_PARAMS);
            }
        }
        assertThat(sgrs).as("only the closing reset is read as a colour: the huge one is not").isEqualTo(1);
    }

    @Test
    void anSgrsParametersAreRead() {
        AnsiEscapes.Scanner scanner = new AnsiEscapes.Scanner();
        int last = -1;
        for (char c : (E + "[1;38;5;9m").toCharArray()) {
            last = scanner.feed(c);
        }
        assertThat(last).isEqualTo(AnsiEscapes.Scanner.SGR);
        assertThat(scanner.params()).containsExactly(1, 38, 5, 9);
        for (char c : (E + "[m").toCharArray()) {
            last = scanner.feed(c);
        }
        assertThat(scanner.params()).containsExactly(0);
    }
}
