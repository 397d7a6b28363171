package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.cli.ApiBodies.End;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code slipway logs APP RUN [-f]}: a run's log. With {@code -f} it follows the live log until
 * the run ends and exits with the run's outcome, so scripts can wait on a run.
 * {@code slipway logs APP --env ENV [--deployment N] [--tail N] [-f]}: a service's output ({@link ServiceLogPrinter}).
 */
@Command(name = "logs", description = {"Print a run's log; -f follows it until the run ends.",
        "With --env ENV: the live service's output (its last --tail lines); -f follows it"},
        mixinStandardHelpOptions = true)
final class LogsCommand implements Callable<Integer> {
    private static final String SUCCEEDED = "SUCCEEDED";

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RUN", description = "Run number (not with --env)")
    Integer number;

    @Option(
            names = {"-f", "--follow"},
            description = "Follow the log until the run ends; exit 0 if it succeeded, else 1. With --env: follow the "
                    + "service's output until the deployment stops running")
    boolean follow;

    @Option(
            names = {"--color", "--colour"},
            description = "Keep the terminal colour codes the jobs (or with --env, the service) wrote (stripped by default)")
    boolean color;

    @Mixin
    ServiceLogPrinter.Options service;

    @Override
    public Integer call() {
        if (service.wanted(spec, number != null)) {
            return new ServiceLogPrinter(global, app, service, color).print(follow);
        }
        ApiClient api = global.api();
        String path = ApiClient.appPath(app) + "/runs/" + number + "/log" + (color ? "?ansi=keep" : "");
        try {
            return follow
                    ? follow(api, api.stream(path, "text/event-stream"))
                    : LogStreams.copy(api.stream(path, "text/plain"), global.out());
        } catch (IOException e) {
            throw CliException.broken(
                    "lost the connection to the Slipway server at " + api.server() + " while reading the log: " + e, e);
        }
    }

    private int follow(ApiClient api, InputStream body) throws IOException {
        Optional<String> end = LogStreams.follow(body, global.out(), "the log of run #" + number);
        if (end.isPresent()) {
            return ended(api, end.get());
        }
        throw CliException.broken(
                "the log stream of run #" + number + " closed before the run ended (did the server at "
                        + api.server() + " stop?)",
                null);
    }

    private int ended(ApiClient api, String data) {
        String state;
        try {
            state = api.read(ApiClient.parse(data), End.class).state();
        } catch (JsonProcessingException e) {
            throw CliException.broken("the server at " + api.server() + " ended the log stream with '" + data
                    + "', expected {\"state\":…}", e);
        }
        if (SUCCEEDED.equals(state)) {
            return 0;
        }
        // stdout stays the pure log; the outcome goes where a failure's reason goes.
        global.err().println("run #" + number + " of " + app + " ended " + Formats.orNone(state));
        return SlipwayCli.EXIT_REFUSED;
    }
}
