package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliStatusCommandTest {
    static final String STATUS = """
            {"app":"hello","environments":[
              {"name":"dev-feature-login","commit":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
               "digest":"sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","state":"HEALTHY",
               "url":"http://127.0.0.1:9101","deployed_at":"2026-11-22T02:59:30.500Z"},
              {"name":"staging","commit":"0123456789abcdef0123456789abcdef01234567",
               "digest":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","state":"HEALTHY",
               "url":"http://127.0.0.1:9102","deployed_at":"2026-11-21T23:00:00Z"},
              {"name":"production","commit":null,"digest":null,"state":"EMPTY","url":null,"deployed_at":null}
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
    void printsEachEnvironmentWithShortCommitAndDigest() {
        server.json("GET", "/api/v1/apps/hello/status", 200, STATUS);

        Result result = CliHarness.run(server, "status", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                ENVIRONMENT        COMMIT   DIGEST        STATE    URL                    AGE
                dev-feature-login  a1b2c3d  2c26b46b68ff  HEALTHY  http://127.0.0.1:9101  29s
                staging            0123456  9f86d081884c  HEALTHY  http://127.0.0.1:9102  4h
                production         -        -             EMPTY    -                      -
                """);
    }

    @Test
    void jsonPrintsTheServersBody() throws Exception {
        server.json("GET", "/api/v1/apps/hello/status", 200, STATUS);

        Result result = CliHarness.run(server, "status", "hello", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(STATUS));
    }

    @Test
    void anAppWithoutEnvironmentsSaysHowToGetOne() {
        server.json("GET", "/api/v1/apps/hello/status", 200, "{\"app\":\"hello\",\"environments\":[]}");

        Result result = CliHarness.run(server, "status", "hello");

        assertThat(result.out()).isEqualTo("No environments for hello yet: push a commit to deploy one\n");
    }

    @Test
    void aBlueGreenEnvironmentAlsoShowsItsSlotsAndPreviewUrl() {
        server.json("GET", "/api/v1/apps/hello/status", 200, """
                {"app":"hello","environments":[
                  {"name":"staging","commit":"0123456789abcdef0123456789abcdef01234567",
                   "digest":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","state":"LIVE",
                   "url":"http://127.0.0.1:9102","deployed_at":"2026-11-21T23:00:00Z","live_slot":"blue",
                   "idle_slot":"green","idle_state":"READY","preview_url":"http://127.0.0.1:41234",
                   "idle_digest":"sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}
                ]}""");

        Result result = CliHarness.run(server, "status", "hello");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).endsWith("""

                ENVIRONMENT  LIVE SLOT  LIVE DIGEST   IDLE SLOT  IDLE DIGEST   IDLE STATE  PREVIEW URL
                staging      blue       9f86d081884c  green      2c26b46b68ff  READY       http://127.0.0.1:41234
                """);
    }

    @Test
    void anArtifactBuiltAtAnotherCommitNamesBoth() {
        server.json("GET", "/api/v1/apps/hello/status", 200, """
                {"app":"hello","environments":[
                  {"name":"staging","commit":"0123456789abcdef0123456789abcdef01234567",
                   "built_from":"fedcba9876543210fedcba9876543210fedcba98",
                   "digest":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","state":"LIVE",
                   "url":"http://127.0.0.1:9102","deployed_at":"2026-11-21T23:00:00Z"},
                  {"name":"production","commit":"fedcba9876543210fedcba9876543210fedcba98",
                   "built_from":"fedcba9876543210fedcba9876543210fedcba98",
                   "digest":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","state":"LIVE",
                   "url":"http://127.0.0.1:9103","deployed_at":"2026-11-21T23:00:00Z"}
                ]}""");

        Result result = CliHarness.run(server, "status", "hello");

        assertThat(result.out()).isEqualTo("""
                ENVIRONMENT  COMMIT                      DIGEST        STATE  URL                    AGE
                staging      0123456 (built at fedcba9)  9f86d081884c  LIVE   http://127.0.0.1:9102  4h
                production   fedcba9                     9f86d081884c  LIVE   http://127.0.0.1:9103  4h
                """);
    }
}
