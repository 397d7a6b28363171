package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `slipway env move-port` and how `slipway status` shows an environment whose port another program holds. */
class CliEnvCommandsTest {
    private static final String MOVE = "/api/v1/apps/hello/environments/staging/port";
    private static final String MOVED = "{\"app\":\"hello\",\"environment\":\"staging\",\"from\":41000,\"to\":42000,"
            + "\"url\":\"http://127.0.0.1:42000\"}";

    private CliTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = CliTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void movePortLetsTheServerPickAndPrintsThePortItPicked() {
        server.json("POST", MOVE, 200, MOVED);

        Result result = CliHarness.run(server, "env", "move-port", "hello", "staging");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{}");
        assertThat(result.out()).startsWith("staging of hello moved from port 41000 to port 42000: http://127.0.0.1:42000\n")
                .contains("SLIPWAY_URL");
    }

    @Test
    void movePortSendsTheGivenPort() {
        server.json("POST", MOVE, 200, MOVED);

        assertThat(CliHarness.run(server, "env", "move-port", "hello", "staging", "--port", "42000").exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"port\":42000}");
    }

    @Test
    void aHeldPortIsARefusalThatSaysWho() {
        server.json("POST", MOVE, 409, "{\"error\":\"conflict\",\"message\":\"port 42000 on 127.0.0.1 is held by pid 77 "
                + "(nginx): choose another port, or leave --port out to let Slipway pick a free one\"}");

        Result result = CliHarness.run(server, "env", "move-port", "hello", "staging", "--port", "42000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: port 42000 on 127.0.0.1 is held by pid 77 (nginx)");
    }

    @Test
    void statusSaysWhyAnEnvironmentIsUnavailable() {
        server.json("GET", "/api/v1/apps/hello/status", 200, """
                {"app":"hello","environments":[
                  {"name":"staging","commit":null,"digest":null,"state":"UNAVAILABLE","url":"http://127.0.0.1:41000",
                   "deployed_at":null,"unavailable":"port 41000 on 127.0.0.1 is held by pid 77 (nginx)"}
                ]}""");

        Result result = CliHarness.run(server, "status", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("UNAVAILABLE")
                .endsWith("staging is unavailable: port 41000 on 127.0.0.1 is held by pid 77 (nginx)\n");
    }
}
