package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobLogLimitTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "100MB, 104857600, 100 MB",
            "'512 kb', 524288, 512 KB",
            "1GB, 1073741824, 1 GB",
            "1536MB, 1610612736, 1536 MB",
            "5000, 5000, 5000 bytes",
            "2048B, 2048, 2 KB"})
    void readsSizesInPowersOf1024AndSaysThemBack(String text, long bytes, String label) {
        JobLogLimit limit = JobLogLimit.parse(text);
        assertThat(limit.bytes()).isEqualTo(bytes);
        assertThat(limit).hasToString(label);
    }

    @Test
    void theDefaultIs100MB() {
        assertThat(JobLogLimit.DEFAULT).hasToString("100 MB");
    }

    @ParameterizedTest
    @CsvSource({"lots", "10XB", "-5MB", "''", "1.5GB"})
    void refusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> JobLogLimit.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a size; write it like 100MB");
    }

    @Test
    void refusesALimitTooSmallToHoldALine() {
        assertThatThrownBy(() -> JobLogLimit.parse("100")).hasMessageContaining("at least 1KB");
    }
}
