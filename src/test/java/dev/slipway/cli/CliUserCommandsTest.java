package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliUserCommandsTest {
    private static final String USERS = """
            {"users":[
              {"name":"admin","created_at":"2026-11-18T01:00:00Z","grants":[{"app":"*","role":"admin"}]},
              {"name":"alice","created_at":"2026-11-22T02:00:00.000Z",
               "grants":[{"app":"hello","role":"developer"},{"app":"payments-api","role":"viewer"}]},
              {"name":"bob","created_at":"2026-11-22T02:59:30Z","grants":[]}
            ]}""";

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
    void createPostsTheNameAndSaysHowToGiveThemAToken() throws Exception {
        server.json("POST", "/api/v1/users", 201, "{\"name\":\"alice\",\"created_at\":\"2026-11-22T03:00:00Z\"}");

        Result result = CliHarness.run(server, "user", "create", "alice", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Created user alice
                  give them a token: slipway token create --user alice
                """);
        assertThat(result.err()).isEmpty();
        CliTestServer.Request request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Bearer admin-token");
        assertThat(new ObjectMapper().readTree(request.body()))
                .isEqualTo(new ObjectMapper().readTree("{\"name\":\"alice\"}"));
    }

    @Test
    void createByANonAdminIsRefusedWithTheServersMessage() {
        server.json("POST", "/api/v1/users", 403,
                "{\"error\":\"forbidden\",\"message\":\"alice is developer on hello; creating users needs admin on *\"}");

        Result result = CliHarness.run(server, "user", "create", "bob", "--token", "alice-token");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: alice is developer on hello; creating users needs admin on *\n");
    }

    @Test
    void listShowsEachUsersRoles() {
        server.json("GET", "/api/v1/users", 200, USERS);

        Result result = CliHarness.run(server, "user", "list", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                NAME   ROLES                                       CREATED
                admin  admin on *                                  4d
                alice  developer on hello, viewer on payments-api  1h
                bob    -                                           30s
                """);
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer admin-token");
    }

    @Test
    void listJsonPrintsTheServersBody() throws Exception {
        server.json("GET", "/api/v1/users", 200, USERS);

        Result result = CliHarness.run(server, "user", "list", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(USERS));
    }

    @Test
    void listWithoutUsersSaysHowToCreateOne() {
        server.json("GET", "/api/v1/users", 200, "{\"users\":[]}");

        Result result = CliHarness.run(server, "user", "list");

        assertThat(result.out()).isEqualTo("No users yet: create one with `slipway user create NAME`\n");
    }
}
