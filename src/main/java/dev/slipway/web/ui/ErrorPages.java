package dev.slipway.web.ui;

import dev.slipway.web.Errors;
import io.javalin.http.Context;
import java.util.Map;

/** Errors on dashboard pages, as pages: "sign in" for 401 (an ended session too), the message and a way back otherwise. */
public final class ErrorPages implements Errors.Html {
    private final Templates templates;
    private final SignIn signIn;

    public ErrorPages(Templates templates, SignIn signIn) {
        this.templates = templates;
        this.signIn = signIn;
    }

    @Override
    public boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.path().startsWith("/ui")
                && (ctx.header("HX-Request") != null || (accept != null && accept.contains("text/html")));
    }

    @Override
    public void send(Context ctx, int status, String message) {
        ctx.status(status);
        if (status == 401) {
            if (ctx.header("HX-Request") != null) {
                ctx.header("HX-Refresh", "true"); // a whole page again, not a sign-in form inside a part of one
            }
            signIn.form(ctx, message);
            return;
        }
        templates.page(ctx, "error.jte", Map.of("status", status, "message", message));
    }
}
