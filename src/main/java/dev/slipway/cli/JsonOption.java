package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code --json} on read commands: print the server's answer instead of a table, for scripts. */
final class JsonOption {
    @Option(names = "--json", description = "Print the server's JSON instead of a table")
    private boolean enabled;

    boolean enabled() {
        return enabled;
    }

    /**
     * GETs {@code path} from the server: with --json prints the body as is and answers null (the command then
     * prints nothing else); otherwise answers the body read as {@code type}.
     */
    <T> T read(GlobalOptions global, String path, Class<T> type) {
        ApiClient api = global.api();
        com.fasterxml.jackson.databind.JsonNode body = api.get(path);
        return printed(global.out(), body) ? null : api.read(body, type);
    }

    /** With --json, prints the server's body as is and says so; the command then prints nothing else. */
    boolean printed(java.io.PrintWriter out, com.fasterxml.jackson.databind.JsonNode body) {
        if (enabled) {
            out.println(ApiClient.pretty(body));
        }
        return enabled;
    }
}
