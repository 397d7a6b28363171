package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineDurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "10m, PT10M",
        "2h, PT2H",
        "1d, PT24H",
        "1h30m, PT1H30M",
        "1d2h3m4s5ms, PT26H3M4.005S",
        "0s, PT0S",
        "90m, PT1H30M",
    })
    void parsesDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "10", "10 minutes", "10 m", " 10m", "1.5h", "-5s", "10M", "m", "30m1h", "1m1m",
        "1w", "10sec", "99999999999999d"})
    void refusesAnythingElseSayingTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"500ms", "30s", "10m", "1h30m", "1d", "1d2h3m4s5ms", "0s"})
    void formatsDurationsBackToTheirShortestText(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
