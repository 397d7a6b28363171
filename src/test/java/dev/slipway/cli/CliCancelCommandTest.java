package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliCancelCommandTest {
    private static final String CANCEL = "/api/v1/apps/hello/runs/12/cancel";

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
    void printsTheNewState() {
        server.json("POST", CANCEL, 202, run("CANCELLED"));

        Result result = CliHarness.run(server, "cancel", "hello", "12");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Run #12 of hello: CANCELLED\n");
        assertThat(server.lastRequest().method()).isEqualTo("POST");
    }

    @Test
    void aRunStillStoppingSaysHowToWatchIt() {
        server.json("POST", CANCEL, 202, run("RUNNING"));

        Result result = CliHarness.run(server, "cancel", "hello", "12");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(
                "Run #12 of hello: RUNNING (cancel requested; watch it with `slipway logs hello 12 -f`)\n");
    }

    @Test
    void aFinishedRunCannotBeCancelled() {
        server.json("POST", CANCEL, 409,
                "{\"error\":\"conflict\",\"message\":\"run #12 of app 'hello' already SUCCEEDED; nothing to cancel\"}");

        Result result = CliHarness.run(server, "cancel", "hello", "12");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: run #12 of app 'hello' already SUCCEEDED; nothing to cancel\n");
    }

    private static String run(String state) {
        return "{\"number\":12,\"branch\":\"main\",\"commit\":\"3f2a9c1d5e6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c\",\"state\":\""
                + state + "\",\"error\":null,\"artifact\":null,\"reused_from\":null,"
                + "\"created_at\":\"2026-11-22T02:58:00Z\",\"started_at\":\"2026-11-22T02:58:10Z\",\"finished_at\":null}";
    }
}
