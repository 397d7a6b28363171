package dev.slipway;

/**
 * An error a person can act on. Domain code throws it with a kind; the HTTP edge maps the kind to a
 * status code, the git edge to a refusal, the CLI to an exit code. The message says what was wrong,
 * where, and what to do.
 */
public final class Problem extends RuntimeException {
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAUTHENTICATED, FORBIDDEN, UNAVAILABLE, TOO_LARGE }

    private final Kind kind;

    private Problem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    public static Problem invalid(String message) { return new Problem(Kind.INVALID, message); }
    public static Problem notFound(String message) { return new Problem(Kind.NOT_FOUND, message); }
    public static Problem conflict(String message) { return new Problem(Kind.CONFLICT, message); }
    public static Problem unauthenticated(String message) { return new Problem(Kind.UNAUTHENTICATED, message); }
    public static Problem forbidden(String message) { return new Problem(Kind.FORBIDDEN, message); }
    public static Problem unavailable(String message) { return new Problem(Kind.UNAVAILABLE, message); }
    /** A request body over the limit its endpoint states. */
    public static Problem tooLarge(String message) { return new Problem(Kind.TOO_LARGE, message); }
}
