package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliApproveCommandTest {
    private static final String APPROVE = "/api/v1/apps/hello/promotions/42/approve";

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
    void printsWhereThePromotionStandsNow() {
        server.json("POST", APPROVE, 200, PromotionJson.deploying());

        Result result = CliHarness.run(server, "approve", "hello", "42");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Approved. Promotion #42 of hello to production: DEPLOYING\n")
                .contains("approvals  passed  approved by bob")
                .endsWith("Deploying as deployment #7; watch it with `slipway history hello production`\n");
        assertThat(server.lastRequest().method()).isEqualTo("POST");
    }

    @Test
    void theAuthorIsRefusedWithTheReason() {
        server.json("POST", APPROVE, 403, "{\"error\":\"forbidden\",\"message\":\"alice pushed commit 0123456 (run #5), "
                + "and production takes no approval from the author of what it runs (not_author)\"}");

        Result result = CliHarness.run(server, "approve", "hello", "42");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: alice pushed commit 0123456 (run #5), and production takes no approval "
                + "from the author of what it runs (not_author)\n");
    }
}
