package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliPromotionCommandsTest {
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
    void showListsTheGatesAndTheDecisions() {
        server.json("GET", "/api/v1/apps/hello/promotions/42", 200, PromotionJson.deploying());

        Result result = CliHarness.run(server, "promotion", "show", "hello", "42");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                Promotion #42 of hello to production: DEPLOYING
                  artifact sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 (commit 0123456, run #5)
                  requested by rita via cli, 60s ago; pushed by alice
                  deployment #7
                GATE       STATUS  DETAIL
                from       passed  sha256:9f86d081884c went live in staging (deployment #3)
                approvals  passed  approved by bob
                Approved by bob 10s ago
                Deploying as deployment #7; watch it with `slipway history hello production`
                """.replace("60s", "1m"));
    }

    @Test
    void showJsonAndAMissingPromotion() throws Exception {
        server.json("GET", "/api/v1/apps/hello/promotions/42", 200, PromotionJson.pending());
        Result json = CliHarness.run(server, "promotion", "show", "hello", "42", "--json");
        assertThat(new ObjectMapper().readTree(json.out())).isEqualTo(new ObjectMapper().readTree(PromotionJson.pending()));

        Result missing = CliHarness.run(server, "promotion", "show", "hello", "43");
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void listSaysWhatWaitingOnesWaitFor() {
        server.json("GET", "/api/v1/apps/hello/promotions", 200, "{\"app\":\"hello\",\"promotions\":["
                + PromotionJson.pending() + "," + PromotionJson.promotion("CANCELLED", "superseded by #42", null, "[]", "[]")
                .replace("\"id\":42", "\"id\":41") + "]}");

        Result result = CliHarness.run(server, "promotion", "list", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                #   ENVIRONMENT  STATE      DIGEST        COMMIT   BY    AGE  NOTE
                42  production   PENDING    9f86d081884c  0123456  rita  1m   waits: production requires 1 approval by a releaser other than alice (who pushed the commit) (has 0): run `slipway approve hello 42`
                41  production   CANCELLED  9f86d081884c  0123456  rita  1m   superseded by #42
                """);
    }

    @Test
    void anEmptyListSaysHowToPromote() {
        server.json("GET", "/api/v1/apps/hello/promotions", 200, "{\"app\":\"hello\",\"promotions\":[]}");
        assertThat(CliHarness.run(server, "promotion", "list", "hello").out())
                .isEqualTo("No promotions of hello yet: promote with `slipway promote hello --to ENV --from ENV`\n");
    }
}
