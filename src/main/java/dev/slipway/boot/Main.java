package dev.slipway.boot;

import dev.slipway.cli.SlipwayCli;
import java.io.PrintWriter;
import picocli.CommandLine;

/** `slipway …`: the client commands, plus `slipway server`. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CommandLine cli = SlipwayCli.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.getenv());
        cli.addSubcommand("server", new ServerCommand());
        int code = cli.execute(args);
        System.exit(code);
    }
}
