package dev.slipway.boot;

import dev.slipway.cli.SlipwayCli;
import java.io.PrintWriter;
import picocli.CommandLine;

/** `slipway …`: the client commands, plus `slipway server`. */
public final class Main {
    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    private Main() {}

    public static void main(String[] args) {
        // Jobs and services are started through setsid(1): vfork+exec saves the exec of jspawnhelper that Java 12+
        // puts in front of every process (~1.5 ms a job on 2 cores). It was Linux's default up to Java 11; an
        // explicit -Djdk.lang.Process.launchMechanism still wins. Must be set before the first process starts.
        if (System.getProperty("os.name", "").equals("Linux") && System.getProperty(LAUNCH_MECHANISM) == null) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        CommandLine cli = SlipwayCli.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.getenv());
        cli.addSubcommand("server", new ServerCommand());
        cli.addSubcommand("router", new RouterCommand());
        int code = cli.execute(args);
        System.exit(code);
    }
}
