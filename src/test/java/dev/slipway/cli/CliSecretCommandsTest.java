package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliSecretCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUT_PATH = "/api/v1/apps/hello/environments/staging/secrets/API_KEY";

    @TempDir
    Path tmp;

    private CliTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = CliTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SlipwayCli.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("SLIPWAY_SERVER", server.url(), "SLIPWAY_TOKEN", "deployer-token"),
                Clock.fixed(CliHarness.NOW, ZoneOffset.UTC)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void setReadsTheValueFromStdinAndNeverPrintsIt() throws Exception {
        server.respond("PUT", PUT_PATH, 204, "application/json", "");

        Result result = run("s3cr3t-value\n", "secret", "set", "hello", "staging", "API_KEY");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Set secret API_KEY of hello in staging; the service gets it at its next "
                + "deploy or restart\n");
        assertThat(result.out() + result.err()).doesNotContain("s3cr3t");
        CliTestServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.header("Authorization")).isEqualTo("Bearer deployer-token");
        // one trailing newline (what `echo` adds) is dropped
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"value\":\"s3cr3t-value\"}"));
    }

    @Test
    void aValueFileIsReadInstead() throws Exception {
        server.respond("PUT", PUT_PATH, 204, "application/json", "");
        Path file = tmp.resolve("value");
        Files.writeString(file, "line one\nline two\n");

        Result result = run("ignored", "secret", "set", "hello", "staging", "API_KEY", "--value-file", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(server.lastRequest().body()).get("value").asText()).isEqualTo("line one\nline two");
    }

    @Test
    void aShortValueIsSetWithAWarningThatLogsWillShowIt() {
        server.respond("PUT", PUT_PATH, 204, "application/json", "");

        Result result = run("abc", "secret", "set", "hello", "staging", "API_KEY");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo("note: values shorter than 4 characters are not masked in logs\n");
    }

    @Test
    void anEmptyValueIsAUsageErrorAndNothingIsSent() {
        Result result = run("\n", "secret", "set", "hello", "staging", "API_KEY");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("the value is empty").contains("--value-file");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aValueOver64KiBIsRefusedBeforeItIsSent() {
        Result result = run("x".repeat(70_000), "secret", "set", "hello", "staging", "API_KEY");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("larger than 64 KiB").doesNotContain("xxxx");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRefusalIsReportedWithTheServersMessage() {
        server.json("PUT", "/api/v1/apps/hello/environments/production/secrets/API_KEY", 403,
                "{\"error\":\"forbidden\",\"message\":\"setting a secret of protected environment production: user 'dora' "
                        + "needs role releaser on app 'hello' (has deployer)\"}");

        Result result = run("s3cr3t-value", "secret", "set", "hello", "production", "API_KEY");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: setting a secret of protected environment production")
                .doesNotContain("s3cr3t");
    }

    @Test
    void theValueIsNeverAnArgument() {
        Result result = run("", "secret", "set", "hello", "staging", "API_KEY", "s3cr3t-value");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void listPrintsNamesOnly() {
        server.json("GET", "/api/v1/apps/hello/environments/staging/secrets", 200,
                "{\"app\":\"hello\",\"environment\":\"staging\",\"names\":[\"API_KEY\",\"DB_PASSWORD\"]}");

        Result result = run("", "secret", "list", "hello", "staging");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("API_KEY\nDB_PASSWORD\n");
        Result json = run("", "secret", "list", "hello", "staging", "--json");
        assertThat(json.out()).contains("\"names\": [");
    }

    @Test
    void anEmptyListSaysHowToSetOne() {
        server.json("GET", "/api/v1/apps/hello/environments/dev/secrets", 200,
                "{\"app\":\"hello\",\"environment\":\"dev\",\"names\":[]}");

        Result result = run("", "secret", "list", "hello", "dev");

        assertThat(result.out()).isEqualTo("No secrets set for dev of hello yet: set one with "
                + "`slipway secret set hello dev NAME` (the value is read from stdin)\n");
    }

    @Test
    void anAppWideSecretIsSetWithoutAnEnvironment() throws Exception {
        server.respond("PUT", "/api/v1/apps/hello/secrets/REGISTRY_LOGIN", 204, "application/json", "");

        Result result = run("ci:pa55word\n", "secret", "set", "hello", "REGISTRY_LOGIN", "--app-wide");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Set app-wide secret REGISTRY_LOGIN of hello\n");
        assertThat(result.out() + result.err()).doesNotContain("pa55word");
        assertThat(JSON.readTree(server.lastRequest().body())).isEqualTo(JSON.readTree("{\"value\":\"ci:pa55word\"}"));
    }

    @Test
    void appWideWithAnEnvironmentOrAnEnvironmentWithoutANameIsAUsageError() {
        Result both = run("v4lue", "secret", "set", "hello", "staging", "REGISTRY_LOGIN", "--app-wide");
        Result neither = run("v4lue", "secret", "set", "hello", "REGISTRY_LOGIN");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("an app-wide secret has no environment: `slipway secret set hello NAME --app-wide`");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("name the environment and the secret: `slipway secret set hello ENV NAME`");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void appWideSecretsAreListedAndRemoved() {
        server.json("GET", "/api/v1/apps/hello/secrets", 200,
                "{\"app\":\"hello\",\"app_wide\":true,\"names\":[\"REGISTRY_LOGIN\"]}");
        server.respond("DELETE", "/api/v1/apps/hello/secrets/REGISTRY_LOGIN", 204, "application/json", "");

        Result list = run("", "secret", "list", "hello", "--app-wide");
        Result removed = run("", "secret", "remove", "hello", "REGISTRY_LOGIN", "--app-wide");
        Result notAppWide = run("", "secret", "remove", "hello", "staging", "API_KEY");

        assertThat(list.out()).isEqualTo("REGISTRY_LOGIN\n");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).isEqualTo("Removed app-wide secret REGISTRY_LOGIN of hello\n");
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
        assertThat(notAppWide.exitCode()).isEqualTo(2);
        assertThat(notAppWide.err()).contains("only app-wide secrets can be removed");
    }
}
