package dev.slipway.auth;

import java.time.Duration;

/** What the creator of a token asked for: the longest lifetime they may have, a given one, or never to expire. */
public sealed interface RequestedExpiry {
    /** Nothing asked: the longest allowed, which for anyone but an admin is never "never". */
    record LongestAllowed() implements RequestedExpiry {}

    /** Expires this long after it is created. */
    record After(Duration lifetime) implements RequestedExpiry {}

    /** Never expires (admins only). */
    record Never() implements RequestedExpiry {}

    static RequestedExpiry longestAllowed() {
        return new LongestAllowed();
    }

    static RequestedExpiry after(Duration lifetime) {
        return new After(lifetime);
    }

    static RequestedExpiry never() {
        return new Never();
    }
}
