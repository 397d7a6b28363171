package dev.slipway.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code slipway} command. Everything except {@code server} talks to a Slipway server over its
 * REST API only, so this package never imports the server's classes.
 *
 * <p>Exit codes: 0 done, 1 the server refused or the run did not succeed, 2 usage error, 3 the
 * server could not be reached.
 */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCli.Version.class,
        description = "Build once, promote the same artifact to every environment.",
        subcommands = {
            AppCommands.class,
            StatusCommand.class,
            RunsCommand.class,
            HooksCommand.class,
            ImagesCommand.class,
            ReportsCommand.class,
            RunCommand.class,
            LogsCommand.class,
            CancelCommand.class,
            RebuildCommand.class,
            PromoteCommand.class,
            PromotionCommands.class,
            ApproveCommand.class,
            RejectCommand.class,
            RollbackCommand.class,
            SwapCommand.class,
            RestartCommand.class,
            EnvCommands.class,
            ProtectCommands.Protect.class,
            ProtectCommands.Unprotect.class,
            ProtectCommands.ListProtections.class,
            HistoryCommand.class,
            UserCommands.class,
            TokenCommands.class,
            GrantCommand.class,
            AuditCommands.class,
            SecretCommands.class,
            LintCommand.class,
            GcCommand.class,
            TargetCommands.class,
            ExecutorCommands.class,
            DoraCommand.class,
            ProvenanceCommands.class,
            SbomCommand.class,
            RebuildsCommand.class,
            KeyCommands.class
        })
public final class SlipwayCli {
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_UNREACHABLE = 3;

    private final Map<String, String> env;
    private final Clock clock;
    private final InputStream in;

    private SlipwayCli(Map<String, String> env, Clock clock, InputStream in) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.in = in;
    }

    /**
     * The configured {@code slipway} command line. All output goes to {@code out} and {@code err};
     * {@code SLIPWAY_SERVER} and {@code SLIPWAY_TOKEN} are read from {@code env} (pass
     * {@code System.getenv()}). Subcommands added later share the same writers.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(out, err, env, Clock.systemUTC());
    }

    /** As above with a fixed clock, so tests can check ages and durations. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock) {
        return commandLine(System.in, out, err, env, clock);
    }

    /** As above, reading what a command reads from stdin (a secret's value) from {@code in}. */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(in, out, err, env, Clock.systemUTC());
    }

    static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env,
                                   Clock clock) {
        CommandLine cli = new WritersInheritingCommandLine(new SlipwayCli(env, clock, in));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ReportCliExceptions());
        cli.setExecutionStrategy(SlipwayCli::executeAndFlush);
        return cli;
    }

    /** The root object of the command a mixin or subcommand belongs to. */
    static SlipwayCli of(CommandSpec spec) {
        return (SlipwayCli) spec.root().userObject();
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    Clock clock() {
        return clock;
    }

    /** Standard input: {@code System.in} unless a caller (a test) gave another. */
    InputStream in() {
        return in;
    }

    // Writers given by the caller may buffer; a command's output must be complete when execute returns.
    private static int executeAndFlush(ParseResult parsed) {
        CommandLine root = parsed.commandSpec().root().commandLine();
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            root.getOut().flush();
            root.getErr().flush();
        }
    }

    /** A refusal or an unreachable server is an expected outcome: one line on stderr, no stack trace. */
    private static final class ReportCliExceptions implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) throws Exception {
            if (!(ex instanceof CliException failure)) {
                throw ex;
            }
            PrintWriter err = command.getErr();
            err.println("error: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
    }

    /**
     * picocli applies {@code setOut}/{@code setErr} only to the subcommands that exist when they are
     * called; {@code boot.Main} adds {@code server} afterwards, so re-apply them on every addition.
     */
    private static final class WritersInheritingCommandLine extends CommandLine {
        WritersInheritingCommandLine(Object command) {
            super(command);
        }

        @Override
        public CommandLine addSubcommand(String name, Object command, String... aliases) {
            super.addSubcommand(name, command, aliases);
            setOut(getOut());
            setErr(getErr());
            return this;
        }
    }

    /** The shaded jar carries no Implementation-Version yet; say so rather than invent one. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SlipwayCli.class.getPackage().getImplementationVersion();
            return new String[] {"slipway " + (version == null ? "(development build)" : version)};
        }
    }
}
