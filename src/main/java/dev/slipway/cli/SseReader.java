package dev.slipway.cli;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads server-sent events as the HTML standard defines them: {@code field: value} lines, an event
 * per blank line, {@code data} lines joined with {@code \n}, comments ({@code :…}) and unknown
 * fields ignored. {@link BufferedReader#readLine} already accepts CRLF, LF and CR endings.
 */
final class SseReader {
    static final String DEFAULT_EVENT = "message";

    record Event(String name, String data) {}

    private final BufferedReader lines;

    SseReader(BufferedReader lines) {
        this.lines = lines;
    }

    /** The next complete event, or null when the stream ends (a trailing unfinished event is dropped). */
    Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name == null ? DEFAULT_EVENT : name, data.toString());
                }
                name = null; // an event without data is not dispatched, per the standard
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value.isEmpty() ? null : value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return null;
    }
}
