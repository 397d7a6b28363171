package dev.slipway.e2e;

import dev.slipway.cli.SlipwayCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real `slipway` CLI, run in the test JVM against a real server over HTTP. */
final class CliRunner {
    record Result(int exit, String out, String err) {}

    private final String server;
    private final String token;

    CliRunner(String server) {
        this(server, ServerProcess.ADMIN_TOKEN);
    }

    CliRunner(String server, String token) {
        this.server = server;
        this.token = token;
    }

    CliRunner as(String otherToken) {
        return new CliRunner(server, otherToken);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        int exit = SlipwayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                token == null ? Map.of("SLIPWAY_SERVER", server) : Map.of("SLIPWAY_SERVER", server, "SLIPWAY_TOKEN", token)).execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
