package dev.slipway.environment.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the router answers on a port with nothing routed: 502 while nothing was ever live there (or none is served
 * on it); while nothing healthy serves an environment, Slipway's own 503, naming the app, the
 * environment and what its service is doing (CRASHED, RESTARTING), as HTML for a browser and as text otherwise.
 * Retry-After tells clients that it may come back.
 */
final class DownPage {
    static final int STATUS = 503;
    static final String RETRY_AFTER = "5";

    private DownPage() {}

    /** {@code app} null: no environment is served on the port; {@code down} null: nothing went live there yet. */
    static void answer(Request request, Response response, Callback callback, String app, String environment,
                       String down) {
        boolean html = down != null && wantsHtml(request.getHeaders().get(HttpHeader.ACCEPT));
        byte[] body;
        if (down != null) {
            response.setStatus(STATUS);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            body = body(app, environment, down, html);
        } else {
            response.setStatus(502);
            body = (app == null ? "no environment is served on this port\n"
                    : "Slipway: nothing is live in environment '" + environment + "' of app '" + app
                    + "' yet (deploy it, or see `slipway status " + app + "`)\n").getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(html));
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Whether the client prefers HTML (a browser), from its Accept header. */
    static boolean wantsHtml(String accept) {
        return accept != null && accept.contains("text/html");
    }

    static String contentType(boolean html) {
        return html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
    }

    static byte[] body(String app, String environment, String state, boolean html) {
        String what = "environment '" + environment + "' of app '" + app + "' is " + state;
        String next = "RESTARTING".equals(state) ? "Slipway is starting it again; try again in a few seconds."
                : "Its service stopped and is not restarted automatically; see `slipway status " + app
                + "`, or bring it back with `slipway restart " + app + " " + environment + "`.";
        if (!html) {
            return ("Slipway: " + what + ". " + next + "\n").getBytes(StandardCharsets.UTF_8);
        }
        String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(state) + " \u2014 "
                + escape(app) + "/" + escape(environment) + "</title></head>\n<body style=\"font-family:sans-serif;"
                + "max-width:40em;margin:4em auto\"><h1>" + escape(app) + " / " + escape(environment) + " is "
                + escape(state) + "</h1>\n<p>" + escape(next) + "</p>\n<p><small>Slipway</small></p></body></html>\n";
        return page.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
