package dev.slipway.web.sse;

import dev.slipway.web.AnsiHtml;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** A dashboard page following one log (a job's, or a service's output, each line of which it masks). */
final class PageWatcher extends LogWatcher {
    final PageWriters.Page page;
    /** What each line goes through on its way to the page; null: nothing (a job's log). */
    private final UnaryOperator<String> line;

    PageWatcher(PageWriters.Page page, long position) {
        this(page, position, null);
    }

    PageWatcher(PageWriters.Page page, long position, UnaryOperator<String> line) {
        super(position);
        this.page = page;
        this.line = line;
    }

    @Override
    boolean full() {
        return !page.gone() && page.pending() >= LogTails.FULL;
    }

    @Override
    boolean gone() {
        return page.gone();
    }

    @Override
    void hangUp() {
        page.hangUp();
    }

    @Override
    boolean wholeLog() {
        return false;
    }

    @Override
    void lines(String text, int size, long endOffset) {
        String lines = each(text.replaceFirst("\n+$", "")); // the page ends each event's lines itself
        if (!lines.isEmpty()) {
            String id = Long.toString(endOffset);
            String html = AnsiHtml.render(lines); // the page appends it as HTML: escaped, colours as spans
            page.send(size, client -> client.sendEvent("log", html, id));
        }
    }

    private String each(String lines) {
        if (line == null) {
            return lines;
        }
        return Arrays.stream(lines.split("\n", -1)).map(line).collect(Collectors.joining("\n"));
    }

    @Override
    void keepAlive() {
        page.send(12, client -> client.sendComment("keep-alive"));
    }

    @Override
    void end(String state) {
        String data = "{\"state\":\"" + state + "\"}";
        page.send(data.length(), client -> {
            client.sendEvent("end", data);
            client.close();
        });
    }
}
