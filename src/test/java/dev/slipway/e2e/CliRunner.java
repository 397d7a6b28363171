package dev.slipway.e2e;

import dev.slipway.cli.SlipwayCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real `slipway` CLI, run in the test JVM against a real server over HTTP. */
final class CliRunner {
    record Result(int exit, String out, String err) {}

    private final String server;
    private final String token;
    private final String stdin;

    CliRunner(String server) {
        this(server, ServerProcess.ADMIN_TOKEN, null);
    }

    CliRunner(String server, String token) {
        this(server, token, null);
    }

    private CliRunner(String server, String token, String stdin) {
        this.server = server;
        this.token = token;
        this.stdin = stdin;
    }

    CliRunner as(String otherToken) {
        return new CliRunner(server, otherToken, stdin);
    }

    /** The same CLI with {@code input} piped to its stdin, as `printf %s INPUT | slipway …` would. */
    CliRunner withInput(String input) {
        return new CliRunner(server, token, input);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        Map<String, String> env = token == null ? Map.of("SLIPWAY_SERVER", server)
                : Map.of("SLIPWAY_SERVER", server, "SLIPWAY_TOKEN", token);
        var commandLine = stdin == null
                ? SlipwayCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env)
                : SlipwayCli.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintWriter(out, true), new PrintWriter(err, true), env);
        int exit = commandLine.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
