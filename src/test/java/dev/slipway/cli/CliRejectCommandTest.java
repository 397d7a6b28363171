package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliRejectCommandTest {
    private static final String REJECT = "/api/v1/apps/hello/promotions/42/reject";

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
    void sendsTheReasonAndPrintsTheOutcome() {
        server.json("POST", REJECT, 200, PromotionJson.promotion("REJECTED", "rejected by bob: breaks checkout", null, "[]", "[]"));

        Result result = CliHarness.run(server, "reject", "hello", "42", "--reason", "breaks checkout");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Promotion #42 of hello to production: REJECTED (rejected by bob: breaks checkout)\n");
        assertThat(server.lastRequest().body()).isEqualTo("{\"reason\":\"breaks checkout\"}");
    }

    @Test
    void aReasonIsRequired() {
        Result result = CliHarness.run(server, "reject", "hello", "42");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--reason");
        assertThat(server.requests()).isEmpty();
    }
}
