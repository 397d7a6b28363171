package dev.slipway.web.sse;

import dev.slipway.web.AnsiHtml;

/** A dashboard page following one job's log. */
final class PageWatcher extends LogWatcher {
    final PageWriters.Page page;

    PageWatcher(PageWriters.Page page, long position) {
        super(position);
        this.page = page;
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
        String lines = text.replaceFirst("\n+$", ""); // the page ends each event's lines itself
        if (!lines.isEmpty()) {
            String id = Long.toString(endOffset);
            String html = AnsiHtml.render(lines); // the page appends it as HTML: escaped, colours as spans
            page.send(size, client -> client.sendEvent("log", html, id));
        }
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
