package dev.slipway.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** The dashboard's jte templates, compiled to classes at build time (jte-maven-plugin), rendered as HTML. */
final class Templates {
    /** When the request began (System.nanoTime), for the Server-Timing header of a page. */
    static final String STARTED = "slipway.started";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    void page(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Cache-Control", "no-store");
        String html = render(template, params);
        Long started = ctx.attribute(STARTED);
        if (started != null) { // what the page cost the server, visible in the browser's dev tools and to bench/dashboard
            ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "page;dur=%.1f",
                    (System.nanoTime() - started) / 1e6));
        }
        ctx.html(html);
    }
}
