package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliGrantCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void withoutAnAppTheRoleIsOnEveryApp() throws Exception {
        server.json("POST", "/api/v1/grants", 201,
                "{\"user\":\"alice\",\"app\":\"*\",\"role\":\"viewer\",\"previous_role\":null}");

        Result result = CliHarness.run(server, "grant", "alice", "viewer", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("alice is now viewer on *\n");
        CliTestServer.Request request = server.lastRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer admin-token");
        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"user\":\"alice\",\"role\":\"viewer\",\"app\":\"*\"}"));
    }

    @Test
    void aChangedRoleSaysWhatItWas() throws Exception {
        server.json("POST", "/api/v1/grants", 201,
                "{\"user\":\"alice\",\"app\":\"hello\",\"role\":\"developer\",\"previous_role\":\"viewer\"}");

        Result result = CliHarness.run(server, "grant", "alice", "developer", "--app", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("alice is now developer on hello (was viewer)\n");
        assertThat(JSON.readTree(server.lastRequest().body()))
                .isEqualTo(JSON.readTree("{\"user\":\"alice\",\"role\":\"developer\",\"app\":\"hello\"}"));
    }

    @Test
    void aGrantTheCallerMayNotMakeIsRefused() {
        server.json("POST", "/api/v1/grants", 403,
                "{\"error\":\"forbidden\",\"message\":\"granting roles on hello needs admin on hello or on *\"}");

        Result result = CliHarness.run(server, "grant", "bob", "admin", "--app", "hello", "--token", "alice-token");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: granting roles on hello needs admin on hello or on *\n");
    }

    @Test
    void userAndRoleAreRequired() {
        Result result = CliHarness.run(server, "grant", "alice");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter: 'ROLE'");
        assertThat(server.requests()).isEmpty();
    }
}
