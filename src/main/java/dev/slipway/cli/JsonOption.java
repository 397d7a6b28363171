package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code --json} on read commands: print the server's answer instead of a table, for scripts. */
final class JsonOption {
    @Option(names = "--json", description = "Print the server's JSON instead of a table")
    private boolean enabled;

    boolean enabled() {
        return enabled;
    }
}
