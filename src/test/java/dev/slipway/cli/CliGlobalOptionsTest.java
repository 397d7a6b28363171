package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.CliHarness.Result;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every command shares: finding the server, the token, errors and exit codes. */
class CliGlobalOptionsTest {
    private static final String APPS = "{\"apps\":[]}";

    private CliTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = CliTestServer.start();
        server.json("GET", "/api/v1/apps", 200, APPS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void serverOptionWinsOverTheEnvironment() throws Exception {
        Result result = CliHarness.run(
                Map.of("SLIPWAY_SERVER", "http://127.0.0.1:" + closedPort()), "app", "list", "--server", server.url());

        assertThat(result.exitCode()).isZero();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void withoutOptionOrEnvironmentTheServerIsLocalhost8080() {
        StatusCommand status = parse(Map.of(), "status", "hello");

        assertThat(status.global.api().server()).hasToString("http://127.0.0.1:8080");
    }

    @Test
    void aTrailingSlashOnTheServerIsTolerated() {
        Result result = CliHarness.run(Map.of("SLIPWAY_SERVER", server.url() + "/"), "app", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/apps");
    }

    @Test
    void tokenOptionIsSentAsABearerToken() {
        Result result = CliHarness.run(server, "app", "list", "--token", "s3cret");

        assertThat(result.exitCode()).isZero();
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void tokenFallsBackToTheEnvironmentAndTheOptionWins() {
        Map<String, String> env = Map.of("SLIPWAY_SERVER", server.url(), "SLIPWAY_TOKEN", "from-env");

        CliHarness.run(env, "app", "list");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer from-env");

        CliHarness.run(env, "app", "list", "--token", "from-option");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer from-option");
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSent() {
        CliHarness.run(server, "app", "list");

        assertThat(server.lastRequest().header("Authorization")).isNull();
    }

    @Test
    void unauthorizedPrintsTheServersMessageAndExits1() {
        server.json("GET", "/api/v1/apps", 401,
                "{\"error\":\"unauthorized\",\"message\":\"a token is required: set --token or SLIPWAY_TOKEN\"}");

        Result result = CliHarness.run(server, "app", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: a token is required: set --token or SLIPWAY_TOKEN\n");
    }

    @Test
    void anErrorWithoutTheContractBodyReportsTheStatus() {
        server.respond("GET", "/api/v1/apps", 403, "text/html", "<h1>Forbidden</h1>");

        Result result = CliHarness.run(server, "app", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: the server at " + server.url()
                + " answered HTTP 403 for /api/v1/apps: pass a valid token with --token or SLIPWAY_TOKEN\n");
    }

    @Test
    void anAnswerThatIsNotJsonIsNotTakenForTheApi() {
        server.respond("GET", "/api/v1/apps", 200, "text/html", "<html>some other web server</html>");

        Result result = CliHarness.run(server, "app", "list");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("is --server pointing at a Slipway server?");
    }

    @Test
    void anUnreachableServerExits3WithAHint() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();

        Result result = CliHarness.run(Map.of("SLIPWAY_SERVER", url), "status", "hello");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: cannot reach the Slipway server at " + url
                + " (is it running? set --server or SLIPWAY_SERVER)\n");
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsAUsageError() {
        Result result = CliHarness.run(Map.of(), "app", "list", "--server", "127.0.0.1:8080");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--server '127.0.0.1:8080' is not a server URL");
    }

    @Test
    void missingArgumentsAndUnknownCommandsAreUsageErrors() {
        assertThat(CliHarness.run(server, "status").exitCode()).isEqualTo(2);
        assertThat(CliHarness.run(server, "deploy", "hello").exitCode()).isEqualTo(2);
        Result none = CliHarness.run(server);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required subcommand");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void helpListsTheCommandsOnOut() {
        Result result = CliHarness.run(Map.of(), "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: slipway")
                .contains("app", "status", "runs", "run", "logs", "cancel", "user", "token", "grant", "audit");
    }

    @Test
    void everyCommandTakesTheGlobalOptions() {
        for (String command : new String[] {"status", "runs", "run", "logs", "cancel", "grant", "audit"}) {
            assertThat(CliHarness.run(Map.of(), command, "--help").out())
                    .as(command).contains("--server=URL", "--token=TOKEN");
        }
        assertThat(CliHarness.run(Map.of(), "app", "create", "--help").out()).contains("--server=URL", "--token=TOKEN");
        assertThat(CliHarness.run(Map.of(), "app", "list", "--help").out()).contains("--json");
        for (String[] command : new String[][] {
            {"user", "create"}, {"user", "list"}, {"token", "create"}, {"token", "list"}, {"token", "revoke"},
            {"audit", "verify"}
        }) {
            assertThat(CliHarness.run(Map.of(), command[0], command[1], "--help").out())
                    .as(String.join(" ", command)).contains("--server=URL", "--token=TOKEN");
        }
    }

    @Test
    void aSubcommandAddedAfterwardsRunsAndSharesTheWriters() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CliHarness.commandLine(out, err, Map.of()).addSubcommand("server", new FakeServerCommand());

        assertThat(cli.execute("server", "--port", "9000")).isZero();
        assertThat(out.toString()).isEqualTo("serving on 9000\n");

        assertThat(cli.execute("server", "--port", "not-a-port")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: slipway server");
    }

    @CommandLine.Command(name = "server")
    static final class FakeServerCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--port")
        int port;

        @Override
        public void run() {
            spec.commandLine().getOut().println("serving on " + port);
        }
    }

    private static <T> T parse(Map<String, String> env, String... args) {
        CommandLine.ParseResult parsed =
                CliHarness.commandLine(new StringWriter(), new StringWriter(), env).parseArgs(args);
        return parsed.subcommand().commandSpec().commandLine().getCommand();
    }

    /** A loopback port nothing listens on: connecting to it is refused at once. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
