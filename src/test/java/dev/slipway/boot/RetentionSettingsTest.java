package dev.slipway.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.retention.RetentionPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** --keep-per-branch, --keep-age and --gc-every: a wrong value stops the server before it starts, saying which and how. */
class RetentionSettingsTest {
    @TempDir
    Path data;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--keep-age|soon|--keep-age must be a duration, like 14d, 12h or 30m, got 'soon'",
            "--gc-every|0s|--gc-every must be a duration of more than 0, like 14d, 12h or 30m, or 'off', got '0s'",
            "--gc-every|daily|--gc-every must be a duration of more than 0, like 14d, 12h or 30m, or 'off', got 'daily'",
            "--keep-per-branch|-1|--keep-per-branch must be 0 or more, got -1"})
    void aWrongSettingIsRefusedByName(String option, String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("--data", data.toString(), option, value);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("slipway: error: " + message);
    }

    @Test
    void theDefaultsKeepTenRunsPerBranchAndTwoWeeksAndCollectDaily() {
        assertThat(RetentionPolicy.DEFAULT).isEqualTo(new RetentionPolicy(10, Duration.ofDays(14)));
        assertThat(ServerConfig.DEFAULT_GC_EVERY).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> new RetentionPolicy(1, Duration.ofDays(-1))).hasMessageContaining("--keep-age");
    }
}
