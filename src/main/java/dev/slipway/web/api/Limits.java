package dev.slipway.web.api;

import dev.slipway.Problem;

/** The {@code ?limit=N} of the list endpoints: how many rows, newest first. */
final class Limits {
    private Limits() {}

    /** {@code fallback} when absent; otherwise a number from 1 to {@code max}, or refused saying so. */
    static int of(String raw, int fallback, int max) {
        if (raw == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw Problem.invalid("limit must be a number from 1 to " + max + ", got '" + raw + "'");
    }
}
