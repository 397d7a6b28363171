package dev.slipway.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options refused before anything starts. */
class ServerCommandTest {
    @Test
    void aJobLogLimitThatIsNotASizeIsRefusedWithAnExample() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("--job-log-limit", "lots");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--job-log-limit").contains("'lots' is not a size; write it like 100MB");
    }

    @Test
    void theJobLogLimitIsDocumentedWithItsDefault() {
        assertThat(new CommandLine(new ServerCommand()).getUsageMessage().replaceAll("\\s+", " "))
                .contains("--job-log-limit=SIZE bytes of each job's log that are kept, e.g. 100MB (default)");
    }

    @Test
    void stopServicesIsDocumentedAsWhatStopsTheServicesWhichElseOutliveTheServer() {
        assertThat(new CommandLine(new ServerCommand()).getUsageMessage().replaceAll("\\s+", " "))
                .contains("--stop-services stop every deployed service (live, ready, warm) when the server stops; "
                        + "without it they keep running and the next start adopts them (with --router process, the "
                        + "router process too)");
    }

    @Test
    void aRouterThatIsNeitherLocalNorProcessIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("--router", "haproxy");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--router (or SLIPWAY_ROUTER) must be 'local' or 'process', got 'haproxy'");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "ftp://slipway.example:8080, it must start with http:// or https://",
            "slipway.example:8080, it must start with http:// or https://",
            "http://slipway.example:8080/slipway, it must be only scheme, host and port",
            "http://user@slipway.example:8080, it must be only scheme, host and port",
            "http://:8080, it names no host"})
    void aPublicUrlThatIsNotSchemeHostAndPortIsRefusedNamingTheFlag(String url, String why) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("--public-url", url);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--public-url must be the address engines and users reach this Slipway at")
                .contains("got '" + url + "'").contains(why);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "http://slipway.example:8080, slipway.example:8080",
            "http://slipway.example:8080/, slipway.example:8080",
            "https://slipway.example, slipway.example:443",
            "http://10.0.0.7, 10.0.0.7:80"})
    void thePublicUrlsRegistryIsHostAndPort(String url, String registry) {
        assertThat(PublicUrl.parse(url).registry()).isEqualTo(registry);
        assertThat(PublicUrl.local(8123).registry()).isEqualTo("127.0.0.1:8123");
    }
}
