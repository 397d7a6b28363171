package dev.slipway.web;

import dev.slipway.Problem;
import io.javalin.http.Context;

/** Request bodies are records; a body that does not fit says what was expected. */
final class Json {
    private Json() {}

    static <T> T body(Context ctx, Class<T> type, String example) {
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

    static long number(Context ctx, String param) {
        String raw = ctx.pathParam(param);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.invalid("'" + raw + "' is not a " + param + " number: use the number shown by `slipway runs`");
        }
    }
}
