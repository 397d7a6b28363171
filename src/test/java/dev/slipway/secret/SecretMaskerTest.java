package dev.slipway.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretMaskerTest {
    static final Masker MASKER = Masker.of(List.of("hunter2-long", "hunter2", "abc", "tok\nline-two", "a.b*c"));

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "password is hunter2            | password is ***",
            "hunter2hunter2                 | ******",
            // the longer value is masked whole, not as *** + "-long"
            "key=hunter2-long;              | key=***;",
            // shorter than 4 characters: left alone, or every 'abc' in the log would go
            "abc is too short to mask       | abc is too short to mask",
            // a multi-line value is masked line by line as well
            "line-two                       | ***",
            "tok                            | tok",
            // literal match: regex characters mean nothing
            "a.b*c and aXbbc                | *** and aXbbc",
            "nothing secret here            | nothing secret here",
            "\"\"                           | \"\"",
    })
    void masksEveryValueOfTheApp(String line, String expected) {
        assertThat(MASKER.apply(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"anything", "hunter2"})
    void noSecretsMaskNothing(String line) {
        assertThat(Masker.none().apply(line)).isEqualTo(line);
        assertThat(Masker.of(List.of()).apply(line)).isEqualTo(line);
    }

    @org.junit.jupiter.api.Test
    void itNeverPrintsWhatItHides() {
        assertThat(MASKER.toString()).doesNotContain("hunter2");
        assertThat(MASKER.apply(null)).isNull();
    }
}
