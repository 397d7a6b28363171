package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.cli.CliHarness.Result;
import java.io.OutputStream;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliLogsCommandTest {
    private static final String LOG = "/api/v1/apps/hello/runs/3/log";

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
    void withoutFollowPrintsThePlainLogAsIs() {
        String log = "[build/compile] $ ./build.sh\n[build/compile] ok ✓\n\n[test/unit] 120 tests passed";
        server.respond("GET", LOG, 200, "text/plain; charset=utf-8", log);

        Result result = CliHarness.run(server, "logs", "hello", "3");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(log);
        assertThat(server.lastRequest().header("Accept")).isEqualTo("text/plain");
    }

    @Test
    void followPrintsLineEventsUntilTheEndEventAndExits0WhenTheRunSucceeded() {
        server.handle("GET", LOG, exchange -> {
            try (OutputStream out = CliTestServer.startEventStream(exchange)) {
                CliTestServer.write(out, ": connected\n\n"
                        + "event: line\ndata: [build/compile] $ ./build.sh\n\n"
                        + "event: line\r\ndata: first of two\r\ndata: second of two\r\n\r\n"
                        + "event: line\ndata:no space after the colon\n\n"
                        + "event: line\ndata\n\n"
                        + "event: progress\ndata: {\"stage\":\"test\"}\n\n"
                        + "data: an unnamed message is not a log line\n\n"
                        + "event: line\n: a comment inside an event\nid: 7\ndata: data:  keeps the rest verbatim\n\n"
                        + "event: end\ndata: {\"state\":\"SUCCEEDED\"}\n\n"
                        + "event: line\ndata: after the end\n\n");
            }
        });

        Result result = CliHarness.run(server, "logs", "hello", "3", "-f");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                [build/compile] $ ./build.sh
                first of two
                second of two
                no space after the colon

                data:  keeps the rest verbatim
                """);
        assertThat(server.lastRequest().header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void followExits1AndSaysSoWhenTheRunDidNotSucceed() {
        server.handle("GET", LOG, exchange -> {
            try (OutputStream out = CliTestServer.startEventStream(exchange)) {
                CliTestServer.write(out, "event: line\ndata: 3 tests failed\n\n"
                        + "event: end\ndata: {\"state\":\"FAILED\"}\n\n");
            }
        });

        Result result = CliHarness.run(server, "logs", "hello", "3", "--follow");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("3 tests failed\n");
        assertThat(result.err()).isEqualTo("run #3 of hello ended FAILED\n");
    }

    @Test
    void followStopsWithTheServersReasonWhenTheStreamIsDenied() {
        server.handle("GET", LOG, exchange -> {
            try (OutputStream out = CliTestServer.startEventStream(exchange)) {
                CliTestServer.write(out, "event: line\ndata: compiling\n\n"
                        + "event: denied\ndata: token 3f2a9c01b7e4 was revoked at 2026-11-22T03:00:00Z: ask an admin\n\n");
            }
        });

        Result result = CliHarness.run(server, "logs", "hello", "3", "-f");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("compiling\n");
        assertThat(result.err()).isEqualTo("error: the server stopped sending the log of run #3: token 3f2a9c01b7e4 "
                + "was revoked at 2026-11-22T03:00:00Z: ask an admin\n");
    }

    @Test
    void followShowsEachLineAsItArrivesNotAtTheEnd() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        server.handle("GET", LOG, exchange -> {
            try (OutputStream out = CliTestServer.startEventStream(exchange)) {
                CliTestServer.write(out, "event: line\ndata: compiling\n\n");
                seen.await(10, TimeUnit.SECONDS);
                CliTestServer.write(out, "event: end\ndata: {\"state\":\"CANCELLED\"}\n\n");
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> CliHarness
                .commandLine(out, err, Map.of("SLIPWAY_SERVER", server.url()))
                .execute("logs", "hello", "3", "-f"));
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> out.toString().equals("compiling\n"));
        assertThat(exit).isNotDone();
        seen.countDown();

        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("run #3 of hello ended CANCELLED\n");
    }

    @Test
    void aStreamThatClosesBeforeTheEndEventIsALostConnection() {
        server.handle("GET", LOG, exchange -> {
            try (OutputStream out = CliTestServer.startEventStream(exchange)) {
                CliTestServer.write(out, "event: line\ndata: compiling\n\nevent: line\ndata: unfinished");
            }
        });

        Result result = CliHarness.run(server, "logs", "hello", "3", "-f");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("compiling\n");
        assertThat(result.err()).startsWith("error: the log stream of run #3 closed before the run ended");
    }

    @Test
    void followOfAnUnknownRunPrintsTheServersMessage() {
        server.json("GET", LOG, 404, "{\"error\":\"not_found\",\"message\":\"run #3 of app 'hello' does not exist\"}");

        Result result = CliHarness.run(server, "logs", "hello", "3", "-f");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: run #3 of app 'hello' does not exist\n");
    }

    @Test
    void withEnvPrintsTheLiveServicesLast200LinesOrAsManyAsAsked() {
        String path = "/api/v1/apps/hello/environments/staging/log";
        server.respond("GET", path + "?tail=200", 200, "text/plain; charset=utf-8", "started\nserving ***\n");
        server.respond("GET", path + "?tail=1", 200, "text/plain; charset=utf-8", "serving ***\n");
        server.respond("GET", "/api/v1/apps/hello/environments/staging/deployments/4/log?tail=0", 200,
                "text/plain; charset=utf-8", "");

        assertThat(CliHarness.run(server, "logs", "hello", "--env", "staging").out()).isEqualTo("started\nserving ***\n");
        assertThat(server.lastRequest().header("Accept")).isEqualTo("text/plain");
        assertThat(CliHarness.run(server, "logs", "hello", "--env", "staging", "--tail", "1").out())
                .isEqualTo("serving ***\n");
        Result one = CliHarness.run(server, "logs", "hello", "--env", "staging", "--deployment", "4", "--tail", "0");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).isEmpty();
    }

    @Test
    void withEnvFollowPrintsLinesUntilTheDeploymentStopsAndExits0SayingWhy() {
        server.handle("GET", "/api/v1/apps/hello/environments/staging/log?tail=200", exchange -> {
            try (OutputStream out = CliTestServer.startEventStream(exchange)) {
                CliTestServer.write(out, "event: line\ndata: tick 1\n\nevent: line\ndata: tick 2\n\n"
                        + "event: end\ndata: {\"state\":\"RETIRED\"}\n\n");
            }
        });

        Result result = CliHarness.run(server, "logs", "hello", "--env", "staging", "-f");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("tick 1\ntick 2\n");
        assertThat(result.err()).isEqualTo("the service stopped running in staging (RETIRED)\n");
        assertThat(server.lastRequest().header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void aRunAndAnEnvironmentOrNeitherIsAUsageError() {
        Result both = CliHarness.run(server, "logs", "hello", "3", "--env", "staging");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give either RUN (a run's log) or --env ENV");
        Result neither = CliHarness.run(server, "logs", "hello");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give RUN (a run's log) or --env ENV");
        Result tail = CliHarness.run(server, "logs", "hello", "3", "--tail", "5");
        assertThat(tail.exitCode()).isEqualTo(2);
        assertThat(tail.err()).contains("--tail needs --env ENV");
        assertThat(server.requests()).isEmpty();
    }
}
