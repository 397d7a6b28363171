package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliRunsCommandTest {
    static final String RUNS = """
            {"app":"hello","runs":[
              {"number":12,"branch":"main","commit":"3f2a9c1d5e6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c","state":"RUNNING",
               "error":null,"artifact":null,"reused_from":null,
               "created_at":"2026-11-22T02:58:00.000Z","started_at":"2026-11-22T02:58:10.000Z","finished_at":null},
              {"number":11,"branch":"feature/login","commit":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678","state":"FAILED",
               "error":"job test/unit failed: exit code 1\\nsee slipway logs hello 11","artifact":null,"reused_from":null,
               "created_at":"2026-11-22T01:00:00Z","started_at":"2026-11-22T01:00:01Z","finished_at":"2026-11-22T01:03:06Z"},
              {"number":10,"branch":"main","commit":"0123456789abcdef0123456789abcdef01234567","state":"SUCCEEDED",
               "error":null,"artifact":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               "reused_from":7,
               "created_at":"2026-11-18T03:00:00Z","started_at":"2026-11-18T03:00:00Z","finished_at":"2026-11-18T03:00:02Z"},
              {"number":9,"branch":"main","commit":"fedcba9876543210fedcba9876543210fedcba98","state":"QUEUED",
               "error":null,"artifact":null,"reused_from":null,
               "created_at":"2026-11-18T02:00:00Z","started_at":null,"finished_at":null}
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
    void printsRunsNewestFirstWithNotes() {
        server.json("GET", "/api/v1/apps/hello/runs?limit=20", 200, RUNS);

        Result result = CliHarness.run(server, "runs", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                #   BRANCH         COMMIT   STATE      ARTIFACT      AGE  DURATION  NOTE
                12  main           3f2a9c1  RUNNING    -             2m   1m50s
                11  feature/login  a1b2c3d  FAILED     -             2h   3m05s     job test/unit failed: exit code 1
                10  main           0123456  SUCCEEDED  9f86d081884c  4d   2s        reused artifact of run #7
                9   main           fedcba9  QUEUED     -             4d   -
                """);
    }

    @Test
    void limitIsPassedToTheServer() {
        server.json("GET", "/api/v1/apps/hello/runs?limit=5", 200, "{\"app\":\"hello\",\"runs\":[]}");

        Result result = CliHarness.run(server, "runs", "hello", "--limit", "5");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No runs of hello yet: push a commit to its git remote\n");
    }

    @Test
    void limitBelowOneIsAUsageError() {
        Result result = CliHarness.run(server, "runs", "hello", "--limit", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--limit must be at least 1, got 0");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void jsonPrintsTheServersBody() throws Exception {
        server.json("GET", "/api/v1/apps/hello/runs?limit=20", 200, RUNS);

        Result result = CliHarness.run(server, "runs", "hello", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(RUNS));
    }

    @Test
    void unknownAppPrintsTheServersAdvice() {
        server.json("GET", "/api/v1/apps/nope/runs?limit=20", 404,
                "{\"error\":\"not_found\",\"message\":\"app 'nope' does not exist: create it with `slipway app create nope`\"}");

        Result result = CliHarness.run(server, "runs", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo("error: app 'nope' does not exist: create it with `slipway app create nope`\n");
    }

    @Test
    void appNamesAreEncodedAsOnePathSegment() {
        Result result = CliHarness.run(server, "runs", "a b/c");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/apps/a%20b%2Fc/runs?limit=20");
    }
}
