package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliReportsCommandTest {
    static final String REPORTS = """
            {"app":"hello","reports":[
              {"id":3,"kind":"DEPLOYMENT_STATUS","commit":"0123456789abcdef0123456789abcdef01234567","state":"success",
               "description":"deployment #2 live in staging","target_url":"http://s/ui/apps/hello/environments/staging",
               "run":null,"deployment":2,"environment":"staging","outcome":"PENDING","attempts":2,
               "last_error":"HTTP 502: {\\"message\\":\\"Bad gateway\\"}","http_status":502,
               "created_at":"2026-11-22T02:59:50Z","sent_at":null,"next_attempt_at":"2026-11-22T03:00:04Z"},
              {"id":2,"kind":"DEPLOYMENT","commit":"0123456789abcdef0123456789abcdef01234567","state":"pending",
               "description":"run #1 to staging","target_url":"http://s/ui/apps/hello/environments/staging",
               "run":null,"deployment":2,"environment":"staging","outcome":"SENT","attempts":1,"last_error":null,
               "http_status":201,"created_at":"2026-11-22T02:59:40Z","sent_at":"2026-11-22T02:59:41Z",
               "next_attempt_at":null},
              {"id":1,"kind":"STATUS","commit":"0123456789abcdef0123456789abcdef01234567","state":"pending",
               "description":"run #1 queued","target_url":"http://s/ui/apps/hello/runs/1","run":1,"deployment":null,
               "environment":null,"outcome":"GAVE_UP","attempts":1,"last_error":"HTTP 401: {\\"message\\":\\"Bad credentials\\"}",
               "http_status":401,"created_at":"2026-11-22T02:00:00Z","sent_at":null,"next_attempt_at":null}
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
    void printsEachReportWithItsOutcomeAndTheForgesAnswer() {
        server.json("GET", "/api/v1/apps/hello/reports", 200, REPORTS);

        Result result = CliHarness.run(server, "reports", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                KIND                COMMIT   STATE    DESCRIPTION                    OUTCOME  TRIES  HTTP  WHEN                       ERROR
                deployment state    0123456  success  deployment #2 live in staging  PENDING  2      502   next 2026-11-22T03:00:04Z  HTTP 502: {"message":"Bad gateway"}
                deployment staging  0123456  pending  run #1 to staging              SENT     1      201   19s                        -
                status              0123456  pending  run #1 queued                  GAVE_UP  1      401   1h                         HTTP 401: {"message":"Bad credentials"}
                """);
    }

    @Test
    void jsonPrintsTheServersBody() throws Exception {
        server.json("GET", "/api/v1/apps/hello/reports", 200, REPORTS);

        Result result = CliHarness.run(server, "reports", "hello", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(REPORTS));
    }

    @Test
    void saysWhenNothingWasReported() {
        server.json("GET", "/api/v1/apps/hello/reports", 200, "{\"app\":\"hello\",\"reports\":[]}");

        Result result = CliHarness.run(server, "reports", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Nothing reported to hello's forge yet");
    }
}
