package dev.slipway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** How the CLI reads a log the API serves (a run's, or a service's output): as plain text, or followed as events. */
final class LogStreams {
    private LogStreams() {
    }

    /** Copied as it comes rather than read whole: logs can be large. */
    static int copy(InputStream body, PrintWriter out) throws IOException {
        try (Reader log = new InputStreamReader(body, StandardCharsets.UTF_8)) {
            log.transferTo(out);
        }
        out.flush();
        return 0;
    }

    /**
     * Prints each {@code line} event as it arrives; returns the {@code end} event's data, or nothing when the stream
     * closed before it. A {@code denied} event (the caller's token was revoked or expired) is a refusal naming
     * {@code what} was being read.
     */
    static Optional<String> follow(InputStream body, PrintWriter out, String what) throws IOException {
        try (BufferedReader stream = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            SseReader events = new SseReader(stream);
            for (SseReader.Event event = events.next(); event != null; event = events.next()) {
                switch (event.name()) {
                    case "line" -> {
                        out.println(event.data());
                        out.flush(); // a person is watching: show each line as it arrives
                    }
                    case "end" -> {
                        return Optional.of(event.data());
                    }
                    case "denied" -> throw CliException.refused("the server stopped sending " + what + ": "
                            + event.data());
                    default -> {
                        // events this CLI does not know yet (a newer server) are not log lines
                    }
                }
            }
        }
        return Optional.empty();
    }
}
