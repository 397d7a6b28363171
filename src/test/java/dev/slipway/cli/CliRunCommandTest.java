package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliRunCommandTest {
    static final String FAILED_RUN = """
            {"number":11,"branch":"feature/login","commit":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678","state":"FAILED",
             "error":"job test/unit failed: exit code 1\\nsee slipway logs hello 11","artifact":null,"reused_from":null,
             "created_at":"2026-11-22T01:00:00Z","started_at":"2026-11-22T01:00:01Z","finished_at":"2026-11-22T01:03:06Z",
             "stages":[
               {"name":"build","state":"SUCCEEDED","jobs":[
                 {"name":"compile","state":"SUCCEEDED","exit_code":0,"error":null,
                  "started_at":"2026-11-22T01:00:01Z","finished_at":"2026-11-22T01:00:43Z"}]},
               {"name":"test","state":"FAILED","jobs":[
                 {"name":"unit","state":"FAILED","exit_code":1,"error":"tests failed: 3 of 120\\nexpected 200, got 500",
                  "started_at":"2026-11-22T01:00:44Z","finished_at":"2026-11-22T01:03:06Z"},
                 {"name":"lint","state":"SUCCEEDED","exit_code":0,"error":null,
                  "started_at":"2026-11-22T01:00:44Z","finished_at":"2026-11-22T01:00:50Z"}]},
               {"name":"deploy","state":"SKIPPED","jobs":[
                 {"name":"staging","state":"SKIPPED","exit_code":null,"error":null,"started_at":null,"finished_at":null}]}
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
    void showsTheRunItsStagesAndJobsAndTheWholeError() {
        server.json("GET", "/api/v1/apps/hello/runs/11", 200, FAILED_RUN);

        Result result = CliHarness.run(server, "run", "hello", "11");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                Run #11 of hello: FAILED
                  branch:   feature/login
                  commit:   a1b2c3d4e5f60718293a4b5c6d7e8f9012345678
                  artifact: -
                  created:  2026-11-22T01:00:00Z (2h ago)
                  duration: 3m05s
                  error:    job test/unit failed: exit code 1
                            see slipway logs hello 11

                STAGE/JOB  STATE      EXIT  DURATION  ERROR
                build      SUCCEEDED        42s
                  compile  SUCCEEDED  0     42s
                test       FAILED           2m22s
                  unit     FAILED     1     2m22s     tests failed: 3 of 120
                  lint     SUCCEEDED  0     6s
                deploy     SKIPPED          -
                  staging  SKIPPED    -     -
                """);
    }

    @Test
    void aRunningRunShowsTimeSoFarAndAReusedArtifactSaysFromWhere() {
        server.json("GET", "/api/v1/apps/hello/runs/12", 200, """
                {"number":12,"branch":"main","commit":"3f2a9c1d5e6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c","state":"RUNNING",
                 "error":null,"artifact":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                 "reused_from":7,"created_at":"2026-11-22T02:58:00Z","started_at":"2026-11-22T02:58:10Z","finished_at":null,
                 "stages":[{"name":"test","state":"RUNNING","jobs":[
                   {"name":"unit","state":"RUNNING","exit_code":null,"error":null,
                    "started_at":"2026-11-22T02:59:00Z","finished_at":null}]}]}""");

        Result result = CliHarness.run(server, "run", "hello", "12");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Run #12 of hello: RUNNING
                  branch:   main
                  commit:   3f2a9c1d5e6b7a8c9d0e1f2a3b4c5d6e7f8a9b0c
                  artifact: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 (reused from run #7)
                  created:  2026-11-22T02:58:00Z (2m ago)
                  duration: 1m50s so far

                STAGE/JOB  STATE    EXIT  DURATION  ERROR
                test       RUNNING        1m00s
                  unit     RUNNING  -     1m00s
                """);
    }

    @Test
    void jsonPrintsTheServersBody() throws Exception {
        server.json("GET", "/api/v1/apps/hello/runs/11", 200, FAILED_RUN);

        Result result = CliHarness.run(server, "run", "hello", "11", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(result.out())).isEqualTo(new ObjectMapper().readTree(FAILED_RUN));
    }

    @Test
    void aRunNumberThatIsNotANumberIsAUsageError() {
        Result result = CliHarness.run(server, "run", "hello", "latest");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("RUN").contains("latest");
        assertThat(server.requests()).isEmpty();
    }
}
