package dev.slipway.cli;

import java.net.URI;

/** An outcome the user can act on, reported as {@code error: <message>} with its exit code. */
final class CliException extends RuntimeException {
    private final int exitCode;

    private CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The server answered, and the answer is no (not found, not allowed, bad request, …). */
    static CliException refused(String message) {
        return new CliException(message, SlipwayCli.EXIT_REFUSED, null);
    }

    static CliException unreachable(URI server, Throwable cause) {
        return new CliException(
                "cannot reach the Slipway server at " + server + " (is it running? set --server or SLIPWAY_SERVER)",
                SlipwayCli.EXIT_UNREACHABLE,
                cause);
    }

    /** The connection broke after it was made, or the server answered something that is not the API. */
    static CliException broken(String message, Throwable cause) {
        return new CliException(message, SlipwayCli.EXIT_UNREACHABLE, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
