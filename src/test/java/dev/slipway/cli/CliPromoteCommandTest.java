package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliPromoteCommandTest {
    private static final String PROMOTIONS = "/api/v1/apps/hello/promotions";

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
    void aWaitingPromotionShowsItsGatesAndWhatHappensNext() throws Exception {
        server.json("POST", PROMOTIONS, 201, PromotionJson.pending());

        Result result = CliHarness.run(server, "promote", "hello", "--to", "production", "--from", "staging");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                Promotion #42 of hello to production: PENDING
                  artifact sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 (commit 0123456, run #5)
                GATE       STATUS   DETAIL
                from       passed   sha256:9f86d081884c went live in staging (deployment #3)
                approvals  waiting  production requires 1 approval by a releaser other than alice (who pushed the commit) (has 0): run `slipway approve hello 42`
                It moves on by itself once every gate passes; see `slipway promotion show hello 42`
                """);
        assertThat(new ObjectMapper().readTree(server.lastRequest().body()))
                .isEqualTo(new ObjectMapper().readTree("{\"environment\":\"production\",\"from\":\"staging\"}"));
        assertThat(server.lastRequest().header("User-Agent")).isEqualTo("slipway-cli");
    }

    @Test
    void byCommitSendsTheCommitAndADeployingOneSaysWhereToWatch() throws Exception {
        server.json("POST", PROMOTIONS, 201, PromotionJson.deploying());

        Result result = CliHarness.run(server, "promote", "hello", "--to", "production", "--commit", "0123456");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Promotion #42 of hello to production: DEPLOYING\n")
                .endsWith("Deploying as deployment #7; watch it with `slipway history hello production`\n");
        assertThat(new ObjectMapper().readTree(server.lastRequest().body()))
                .isEqualTo(new ObjectMapper().readTree("{\"environment\":\"production\",\"commit\":\"0123456\"}"));
    }

    @Test
    void aRefusalIsTheServersReasonOnStderr() {
        server.json("POST", PROMOTIONS, 409, "{\"error\":\"conflict\",\"message\":\"commit 0123456 has no artifact: its run "
                + "#5 is FAILED\"}");

        Result result = CliHarness.run(server, "promote", "hello", "--to", "production", "--commit", "0123456");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: commit 0123456 has no artifact: its run #5 is FAILED\n");
    }

    @Test
    void exactlyOneOfCommitAndFromIsRequired() {
        Result neither = CliHarness.run(server, "promote", "hello", "--to", "production");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("--commit").contains("--from");

        Result both = CliHarness.run(server, "promote", "hello", "--to", "production", "--commit", "abc1", "--from", "staging");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void jsonPrintsTheServersBody() throws Exception {
        server.json("POST", PROMOTIONS, 201, PromotionJson.pending());

        Result result = CliHarness.run(server, "promote", "hello", "--to", "production", "--from", "staging", "--json");

        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(PromotionJson.pending()));
    }
}
