package dev.slipway.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The dashboard's jte templates, compiled to classes at build time (jte-maven-plugin), rendered as HTML. */
public final class Templates {
    /** When the request began (System.nanoTime), for the Server-Timing header of a page. */
    public static final String STARTED = "slipway.started";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    /**
     * Renders into small UTF-8 chunks written straight to the response: a page of megabytes (the overview of a few
     * hundred apps) never becomes one string, whose array would be a humongous allocation and a collection each.
     */
    void page(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Cache-Control", "no-store");
        long rendering = System.nanoTime();
        Utf8ByteOutput html = new Utf8ByteOutput();
        engine.render(template, params, html);
        Long started = ctx.attribute(STARTED);
        if (started != null) { // what the page cost the server, visible in the browser's dev tools and to bench/dashboard
            long now = System.nanoTime();
            ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "page;dur=%.1f, read;dur=%.1f, "
                    + "render;dur=%.1f", (now - started) / 1e6, (rendering - started) / 1e6, (now - rendering) / 1e6));
        }
        ctx.contentType("text/html; charset=utf-8");
        try {
            html.writeTo(ctx.outputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("the page could not be sent: " + e.getMessage(), e);
        }
    }
}
