package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.cli.ApiBodies.End;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code slipway logs APP --env ENV [--deployment N] [--tail N] [-f]}: a service's output, as the server serves it
 * (secret values masked): the live deployment's by default, its last {@code --tail} lines (200), and with {@code -f}
 * followed until that deployment stops running (a newer one went live, or it was stopped): then it says so on
 * stderr and exits 0.
 */
final class ServiceLogPrinter {
    static final int DEFAULT_TAIL = 200;

    /** The options of {@code slipway logs} that ask for a service's output rather than a run's log. */
    static final class Options {
        @Option(names = "--env", paramLabel = "ENV", description = "The service's output in this environment")
        String environment;

        @Option(names = "--deployment", paramLabel = "N",
                description = "With --env: this deployment's output (see `slipway history`) rather than the live one's")
        Long deployment;

        @Option(names = "--tail", paramLabel = "N",
                description = "With --env: start from the last N lines (default: " + DEFAULT_TAIL + "; 0: only what comes)")
        Integer tail;

        /** Whether the service's output is asked for; a mix of both forms is a usage error. */
        boolean wanted(CommandSpec spec, boolean runGiven) {
            if (environment == null && (deployment != null || tail != null)) {
                throw new ParameterException(spec.commandLine(), (deployment != null ? "--deployment" : "--tail")
                        + " needs --env ENV: it reads a service's output");
            }
            if (environment != null && runGiven) {
                throw new ParameterException(spec.commandLine(), "give either RUN (a run's log) or --env ENV "
                        + "(a service's output), not both");
            }
            if (environment == null && !runGiven) {
                throw new ParameterException(spec.commandLine(), "give RUN (a run's log) or --env ENV (the live "
                        + "service's output)");
            }
            if (tail != null && tail < 0) {
                throw new ParameterException(spec.commandLine(), "--tail must be 0 or more, got " + tail);
            }
            return environment != null;
        }
    }

    private final GlobalOptions global;
    private final String app;
    private final Options options;
    /** Keep the terminal colour codes the service wrote (stripped by default). */
    private final boolean color;

    ServiceLogPrinter(GlobalOptions global, String app, Options options, boolean color) {
        this.global = global;
        this.app = app;
        this.options = options;
        this.color = color;
    }

    int print(boolean follow) {
        ApiClient api = global.api();
        String path = ApiClient.appPath(app) + "/environments/" + ApiClient.segment(options.environment)
                + (options.deployment == null ? "" : "/deployments/" + options.deployment) + "/log?tail="
                + (options.tail == null ? DEFAULT_TAIL : options.tail) + (color ? "&ansi=keep" : "");
        try {
            return follow ? follow(api, api.stream(path, "text/event-stream")) : LogStreams.copy(api.stream(path, "text/plain"), global.out());
        } catch (IOException e) {
            throw CliException.broken("lost the connection to the Slipway server at " + api.server()
                    + " while reading the output of " + options.environment + ": " + e, e);
        }
    }

    private int follow(ApiClient api, InputStream body) throws IOException {
        Optional<String> end = LogStreams.follow(body, global.out(), "the output of " + options.environment);
        if (end.isPresent()) {
            // stdout stays the pure output; why it stopped goes to stderr
            global.err().println("the service stopped running in " + options.environment + " ("
                    + state(api, end.get()) + ")");
            return 0;
        }
        throw CliException.broken("the output stream of " + options.environment + " closed while the service ran "
                + "(did the server at " + api.server() + " stop?)", null);
    }

    private static String state(ApiClient api, String data) {
        try {
            return Formats.orNone(api.read(ApiClient.parse(data), End.class).state());
        } catch (JsonProcessingException e) {
            return data;
        }
    }
}
