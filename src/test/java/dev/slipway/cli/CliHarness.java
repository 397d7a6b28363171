package dev.slipway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code slipway} in-process with captured output, a given environment and a fixed clock. */
final class CliHarness {
    /** "Now" for every test: the contract bodies' times are written relative to it. */
    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    record Result(int exitCode, String out, String err) {}

    private CliHarness() {}

    static CommandLine commandLine(StringWriter out, StringWriter err, Map<String, String> env) {
        return SlipwayCli.commandLine(
                new PrintWriter(out, true), new PrintWriter(err, true), env, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = commandLine(out, err, env).execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Against a test server, found through SLIPWAY_SERVER as a user would set it. */
    static Result run(CliTestServer server, String... args) {
        return run(Map.of("SLIPWAY_SERVER", server.url()), args);
    }
}
