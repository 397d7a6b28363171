package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cli.SseReader.Event;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliSseReaderTest {

    @Test
    void readsEventsAsTheStandardDefinesThem() throws Exception {
        assertThat(events("""
                : keep-alive comment

                event: line
                data: one

                data: default name

                event: line
                data: a
                data:
                data: c

                event: line
                data:  two leading spaces keep one
                retry: 1000
                unknown field

                event: only a name, no data, is not dispatched

                data:x

                """)).containsExactly(
                new Event("line", "one"),
                new Event("message", "default name"),
                new Event("line", "a\n\nc"),
                new Event("line", " two leading spaces keep one"),
                new Event("message", "x"));
    }

    @Test
    void acceptsCrLfAndCrLineEndings() throws Exception {
        assertThat(events("event: line\r\ndata: crlf\r\n\r\nevent: line\rdata: cr\r\r"))
                .containsExactly(new Event("line", "crlf"), new Event("line", "cr"));
    }

    @Test
    void dropsAnEventTheStreamEndsInTheMiddleOf() throws Exception {
        assertThat(events("event: line\ndata: done\n\nevent: line\ndata: cut off"))
                .containsExactly(new Event("line", "done"));
    }

    private static List<Event> events(String stream) throws Exception {
        SseReader reader = new SseReader(new BufferedReader(new StringReader(stream)));
        List<Event> events = new ArrayList<>();
        for (Event event = reader.next(); event != null; event = reader.next()) {
            events.add(event);
        }
        return events;
    }
}
