package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliHistoryCommandTest {
    private static final String HISTORY = "/api/v1/apps/hello/environments/production/deployments";
    private static final String BODY = """
            {"app":"hello","environment":"production","deployments":[
              {"id":9,"environment":"production","commit":"0123456789abcdef0123456789abcdef01234567",
               "digest":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","run":5,
               "trigger":"ROLLBACK","actor":"rita","state":"LIVE","reason":null,
               "created_at":"2026-11-22T02:59:50Z","finished_at":"2026-11-22T02:59:52Z"},
              {"id":8,"environment":"production","commit":"fedcba9876543210fedcba9876543210fedcba98",
               "digest":"sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","run":6,
               "trigger":"PROMOTION","actor":"rita","state":"FAILED","reason":"did not answer GET /healthz\\nsecond line",
               "created_at":"2026-11-22T02:50:00Z","finished_at":"2026-11-22T02:50:30Z",
               "promotion":3,"requested_by":"rita","approved_by":["bob","carol"]},
              {"id":4,"environment":"production","commit":"0123456789abcdef0123456789abcdef01234567",
               "digest":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","run":5,
               "trigger":"TAG","actor":"alice","state":"RETIRED","reason":null,
               "created_at":"2026-11-21T03:00:00Z","finished_at":"2026-11-21T03:00:05Z",
               "promotion":1,"requested_by":"alice","approved_by":["bob"]}
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
    void everyDeploymentWithHowWhoWhenAndOutcome() {
        server.json("GET", HISTORY, 200, BODY);

        Result result = CliHarness.run(server, "history", "hello", "production");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                #  COMMIT   DIGEST        HOW        WHO    APPROVED BY  WHEN  OUTCOME
                9  0123456  9f86d081884c  rollback   rita   -            10s   LIVE
                8  fedcba9  2c26b46b68ff  promotion  rita   bob, carol   10m   FAILED: did not answer GET /healthz
                4  0123456  9f86d081884c  tag        alice  bob          1d    RETIRED
                """);
    }

    @Test
    void jsonAndAnEmptyHistory() throws Exception {
        server.json("GET", HISTORY, 200, BODY);
        assertThat(new ObjectMapper().readTree(CliHarness.run(server, "history", "hello", "production", "--json").out()))
                .isEqualTo(new ObjectMapper().readTree(BODY));

        server.json("GET", HISTORY, 200, "{\"app\":\"hello\",\"environment\":\"production\",\"deployments\":[]}");
        assertThat(CliHarness.run(server, "history", "hello", "production").out())
                .isEqualTo("No deployments to production of hello yet\n");
    }

    @Test
    void anUnknownEnvironmentIsARefusal() {
        Result result = CliHarness.run(server, "history", "hello", "nope");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: ");
    }
}
