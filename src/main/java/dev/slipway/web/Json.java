package dev.slipway.web;

import dev.slipway.Problem;
import io.javalin.http.Context;

/** Request bodies are records; a body that does not fit says what was expected. */
public final class Json {
    private Json() {}

    public static <T> T body(Context ctx, Class<T> type, String example) {
        try {
            T value = ctx.bodyAsClass(type);
            if (value == null) {
                throw Problem.invalid("the request body is empty: send JSON like " + example);
            }
            return value;
        } catch (Problem e) {
            throw e;
        } catch (Exception e) { // Jackson's checked exceptions arrive undeclared through Kotlin
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String detail = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
            throw Problem.invalid("the request body is not valid JSON for this endpoint (" + detail
                    + "): send JSON like " + example);
        }
    }

    /** A run's number from the path parameter {@code param}. */
    public static long number(Context ctx, String param) {
        return number(ctx, param, "a " + param + " number", "the number shown by `slipway runs`");
    }

    /** A number from the path parameter {@code param}; one that is not says it is not {@code what} and where to look. */
    public static long number(Context ctx, String param, String what, String where) {
        String raw = ctx.pathParam(param);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.invalid("'" + raw + "' is not " + what + ": use " + where);
        }
    }
}
