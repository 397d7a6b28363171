package dev.slipway.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command that talks to the server shares, and what they resolve to. */
final class GlobalOptions {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = {"Slipway server URL", "(default: $SLIPWAY_SERVER, else " + DEFAULT_SERVER + ")"})
    private String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = {"API token, sent as a bearer token", "(default: $SLIPWAY_TOKEN)"})
    private String token;

    ApiClient api() {
        SlipwayCli cli = SlipwayCli.of(command);
        String token = this.token != null ? this.token : cli.env("SLIPWAY_TOKEN");
        return new ApiClient(serverUri(cli), token == null || token.isBlank() ? null : token.strip());
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** One instant per command, so every age in one table is measured from the same moment. */
    Instant now() {
        return SlipwayCli.of(command).clock().instant();
    }

    private URI serverUri(SlipwayCli cli) {
        String from = server != null ? "--server" : "SLIPWAY_SERVER";
        String value = server != null ? server.strip() : cli.env("SLIPWAY_SERVER");
        if (value == null) {
            from = "the default server";
            value = DEFAULT_SERVER;
        }
        try {
            URI uri = new URI(value.replaceAll("/+$", ""));
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "expected http://HOST:PORT or https://HOST:PORT");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(
                    command.commandLine(),
                    from + " '" + value + "' is not a server URL: expected http://HOST:PORT or https://HOST:PORT");
        }
    }
}
