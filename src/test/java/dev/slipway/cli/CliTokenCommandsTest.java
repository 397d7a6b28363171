package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliTokenCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "slw_4f9c2e7a1b3d5f6e8a0c2b4d6f8e0a1c";
    private static final String ISSUED = """
            {"id":"tok_7","user":"alice","token":"%s",
             "created_at":"2026-11-22T03:00:00.000Z","expires_at":"2026-12-22T03:00:00.000Z"}""".formatted(SECRET);
    private static final String TOKENS = """
            {"tokens":[
              {"id":"tok_7","user":"alice","created_at":"2026-11-22T02:59:00Z","expires_at":"2026-12-22T03:00:00.123Z","revoked_at":null},
              {"id":"tok_3","user":"alice","created_at":"2026-10-01T00:00:00Z","expires_at":"2026-11-01T00:00:00Z","revoked_at":null},
              {"id":"tok_2","user":"alice","created_at":"2026-09-01T00:00:00Z","expires_at":null,"revoked_at":"2026-11-20T10:15:30.5Z"}
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
    void createPrintsTheTokenAloneOnStdoutAndTheRestOnStderr() throws Exception {
        server.json("POST", "/api/v1/tokens", 201, ISSUED);

        Result result = CliHarness.run(server, "token", "create", "--user", "alice", "--expires", "30d",
                "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(SECRET + "\n");
        assertThat(result.err()).isEqualTo(
                "token tok_7 for alice, expires 2026-12-22T03:00:00Z; it is shown only this once\n");
        CliTestServer.Request request = server.lastRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer admin-token");
        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"user\":\"alice\",\"expires\":\"30d\"}"));
    }

    @Test
    void createWithoutOptionsLeavesUserAndExpiryToTheServer() throws Exception {
        server.json("POST", "/api/v1/tokens", 201, """
                {"id":"tok_8","user":"admin","token":"%s","created_at":"2026-11-22T03:00:00Z","expires_at":null}"""
                .formatted(SECRET));

        Result result = CliHarness.run(server, "token", "create");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(SECRET + "\n");
        assertThat(result.err()).isEqualTo("token tok_8 for admin, expires never; it is shown only this once\n");
        assertThat(JSON.readTree(server.lastRequest().body())).isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void createJsonPrintsTheBodyOnly() throws Exception {
        server.json("POST", "/api/v1/tokens", 201, ISSUED);

        Result result = CliHarness.run(server, "token", "create", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(ISSUED));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void createThatIsRefusedPrintsNothingOnStdout() {
        server.json("POST", "/api/v1/tokens", 403,
                "{\"error\":\"forbidden\",\"message\":\"only an admin on * may create tokens for another user\"}");

        Result result = CliHarness.run(server, "token", "create", "--user", "bob", "--token", "alice-token");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: only an admin on * may create tokens for another user\n");
    }

    @Test
    void listShowsExpiryAndRevocationButNoSecrets() {
        server.json("GET", "/api/v1/tokens?user=alice", 200, TOKENS);

        Result result = CliHarness.run(server, "token", "list", "--user", "alice", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                ID     USER   CREATED  EXPIRES                         REVOKED
                tok_7  alice  1m       2026-12-22T03:00:00Z            -
                tok_3  alice  52d      2026-11-01T00:00:00Z (expired)  -
                tok_2  alice  82d      never                           2026-11-20T10:15:30Z
                """);
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer admin-token");
    }

    @Test
    void listWithoutUserAsksForEveryTokenTheCallerMaySee() throws Exception {
        server.json("GET", "/api/v1/tokens", 200, TOKENS);

        Result result = CliHarness.run(server, "token", "list", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(JSON.readTree(result.out())).isEqualTo(JSON.readTree(TOKENS));
    }

    @Test
    void listWithoutTokensSaysHowToCreateOne() {
        server.json("GET", "/api/v1/tokens?user=bob", 200, "{\"tokens\":[]}");

        Result result = CliHarness.run(server, "token", "list", "--user", "bob");

        assertThat(result.out()).isEqualTo("No tokens for bob yet: create one with `slipway token create`\n");
    }

    @Test
    void theUserIsEncodedInTheQuery() {
        server.json("GET", "/api/v1/tokens?user=ann%20lee%26co", 200, "{\"tokens\":[]}");

        Result result = CliHarness.run(server, "token", "list", "--user", "ann lee&co");

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void revokeDeletesTheTokenAndSaysWhose() {
        server.json("DELETE", "/api/v1/tokens/tok_7", 200,
                "{\"id\":\"tok_7\",\"user\":\"alice\",\"created_at\":\"2026-11-22T02:59:00Z\","
                        + "\"expires_at\":null,\"revoked_at\":\"2026-11-22T03:00:00Z\"}");

        Result result = CliHarness.run(server, "token", "revoke", "tok_7", "--token", "admin-token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Revoked token tok_7 of alice\n");
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer admin-token");
    }

    @Test
    void revokeOfAnUnknownTokenIsRefused() {
        server.json("DELETE", "/api/v1/tokens/tok_99", 404,
                "{\"error\":\"not_found\",\"message\":\"no token tok_99: see `slipway token list`\"}");

        Result result = CliHarness.run(server, "token", "revoke", "tok_99");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no token tok_99: see `slipway token list`\n");
    }

    @Test
    void revokeAllEndsEveryTokenOfTheUserAndListsThem() {
        server.json("DELETE", "/api/v1/users/bob/tokens", 200, """
                {"user":"bob","revoked":[
                  {"id":"3f2a9c01b7e4","user":"bob","created_at":"2026-11-22T02:59:00Z","expires_at":null,"revoked_at":"2026-11-22T03:00:00Z"},
                  {"id":"0a1b2c3d4e5f","user":"bob","created_at":"2026-11-22T02:59:30Z","expires_at":null,"revoked_at":"2026-11-22T03:00:00Z"}
                ]}""");

        Result result = CliHarness.run(server, "token", "revoke", "--user", "bob", "--all", "--token", "admin-token");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Revoked 2 tokens of bob: 3f2a9c01b7e4, 0a1b2c3d4e5f\n");
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer admin-token");
    }

    @Test
    void revokeAllWithNothingLeftSaysSo() {
        server.json("DELETE", "/api/v1/users/bob/tokens", 200, "{\"user\":\"bob\",\"revoked\":[]}");

        Result result = CliHarness.run(server, "token", "revoke", "--all", "--user", "bob");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("bob had no tokens left to revoke\n");
    }

    @Test
    void revokeNeedsEitherAnIdOrAUserWithAll() {
        Result neither = CliHarness.run(server, "token", "revoke");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give the ID of the token to revoke (see `slipway token list`), "
                + "or --user NAME --all to revoke all of a user's tokens");
        Result both = CliHarness.run(server, "token", "revoke", "tok_7", "--user", "bob", "--all");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give a token ID or --user NAME --all, not both");
        Result allOfNobody = CliHarness.run(server, "token", "revoke", "--all");
        assertThat(allOfNobody.exitCode()).isEqualTo(2);
        assertThat(allOfNobody.err()).contains("--all needs --user NAME");
        assertThat(server.requests()).isEmpty();
    }
}
