package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliRollbackCommandTest {
    private static final String ROLLBACK = "/api/v1/apps/hello/environments/production/rollback";
    private static final String QUEUED = "{\"id\":9,\"environment\":\"production\",\"commit\":\"" + PromotionJson.COMMIT
            + "\",\"digest\":\"" + PromotionJson.DIGEST + "\",\"run\":5,\"trigger\":\"ROLLBACK\",\"actor\":\"rita\","
            + "\"state\":\"QUEUED\",\"reason\":null,\"created_at\":\"2026-11-22T03:00:00Z\",\"finished_at\":null}";

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
    void rollsBackToThePreviousVersionByDefault() {
        server.json("POST", ROLLBACK, 202, QUEUED);

        Result result = CliHarness.run(server, "rollback", "hello", "production");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Rolling back production of hello to " + PromotionJson.DIGEST
                + " (commit 0123456): deployment #9 QUEUED\nWatch it with `slipway history hello production`\n");
        assertThat(server.lastRequest().body()).isEqualTo("{}");
    }

    @Test
    void toNamesTheDeployment() {
        server.json("POST", ROLLBACK, 202, QUEUED);

        assertThat(CliHarness.run(server, "rollback", "hello", "production", "--to", "3").exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"to\":3}");
    }

    @Test
    void nothingToGoBackToIsARefusal() {
        server.json("POST", ROLLBACK, 409, "{\"error\":\"conflict\",\"message\":\"production has served no other artifact "
                + "before sha256:9f86d081884c (deployment #4): there is nothing to roll back to\"}");

        Result result = CliHarness.run(server, "rollback", "hello", "production");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: production has served no other artifact");
    }
}
