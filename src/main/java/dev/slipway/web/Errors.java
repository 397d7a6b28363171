package dev.slipway.web;


import dev.slipway.Problem;
import dev.slipway.secret.UnreadableSecretException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where errors become HTTP: a status and a JSON body whose message says what to do. */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {}

    /** The dashboard's pages answer a browser with HTML; everything else (and every script) gets JSON. */
    public interface Html {
        boolean wanted(Context ctx);

        void send(Context ctx, int status, String message);
    }

    static void register(RoutesConfig routes, Html html) {
        routes.exception(Problem.class, (e, ctx) -> {
            if (e.kind() == Problem.Kind.UNAUTHENTICATED) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"slipway\"");
            }
            respond(ctx, html, status(e.kind()), e.kind().name().toLowerCase(), e.getMessage());
        });
        routes.exception(ValidationException.class, (e, ctx) -> respond(ctx, html, 400, "invalid", "invalid request: " + e.getErrors()));
        routes.exception(BadRequestResponse.class, (e, ctx) -> respond(ctx, html, 400, "invalid", e.getMessage()));
        // we cannot read what we stored: ours to answer (500), but the message says which secret and what fixes it
        routes.exception(UnreadableSecretException.class, (e, ctx) -> {
            log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            respond(ctx, html, 500, "internal", e.getMessage());
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            respond(ctx, html, 500, "internal", "Slipway failed to handle this request (" + e.getClass().getSimpleName()
                    + "); the server log has the details");
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.res().getContentType().startsWith("application/json")) {
                send(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()
                        + " (the API is under /api/v1)");
            }
        });
    }

    private static void respond(Context ctx, Html html, int status, String code, String message) {
        if (html.wanted(ctx)) {
            html.send(ctx, status, message);
        } else {
            send(ctx, status, code, message);
        }
    }

    static void send(Context ctx, int status, String code, String message) {
        ctx.status(status).json(new Body(code, message));
    }

    private static int status(Problem.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case TOO_LARGE -> 413;
        };
    }

    /** The API's error body: {"error": code, "message": what to do}. */
    public record Body(String error, String message) {}
}
