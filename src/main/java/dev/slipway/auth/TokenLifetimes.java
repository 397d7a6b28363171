package dev.slipway.auth;

import dev.slipway.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a new token may live. An admin may issue any lifetime, "never" included, for anyone. Anyone else gets
 * a token that expires no later than the one they are using, and no later than the server's maximum
 * ({@code server --max-token-lifetime}, default 90 days): a leaked token cannot mint one that outlives it.
 * Asking for nothing gives the longest allowed.
 */
public final class TokenLifetimes {
    public static final Duration DEFAULT_MAX = Duration.ofDays(90);
    /** Far enough for any real use, near enough that expiry arithmetic cannot overflow. */
    public static final Duration LONGEST = Duration.ofDays(3650);

    private final Duration max;
    private final Access access;
    private final TokenRepository tokens;

    public TokenLifetimes(Duration max, Access access, TokenRepository tokens) {
        if (max.isNegative() || max.isZero() || max.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("the maximum token lifetime must be between 1ms and 3650d, got " + max);
        }
        this.max = max;
        this.access = access;
        this.tokens = tokens;
    }

    /** The latest a token may expire and why: the caller's own token, or the server's maximum. */
    private record Limit(Instant at, String why) {}

    /** When a token {@code caller} creates at {@code now} expires (null: never); refuses more than allowed, naming the limit. */
    Instant expiry(Authenticator.SignedIn caller, RequestedExpiry asked, Instant now) {
        if (asked instanceof RequestedExpiry.After after) {
            check(after.lifetime());
        }
        if (access.allows(caller.principal(), Role.ADMIN, null)) {
            if (asked instanceof RequestedExpiry.After after) {
                return now.plus(after.lifetime());
            }
            return asked instanceof RequestedExpiry.Never ? null : now.plus(max);
        }
        Limit limit = limit(caller, now);
        if (asked instanceof RequestedExpiry.LongestAllowed) {
            return limit.at();
        }
        if (asked instanceof RequestedExpiry.After after && !now.plus(after.lifetime()).isAfter(limit.at())) {
            return now.plus(after.lifetime());
        }
        String wanted = asked instanceof RequestedExpiry.After after ? "one that expires in " + format(after.lifetime())
                : "one that never expires";
        throw Problem.invalid("a token you create may expire at " + limit.at() + " at the latest (" + limit.why()
                + "), so it cannot be " + wanted + ": ask for less, or leave out --expires (\"expires\") for the "
                + "longest allowed; only an admin can issue a longer-lived token");
    }

    private Limit limit(Authenticator.SignedIn caller, Instant now) {
        Limit server = new Limit(now.plus(max), "the server's maximum token lifetime is " + format(max)
                + ", set by `slipway server --max-token-lifetime`");
        Instant own = caller.tokenId() == null ? null : tokens.find(caller.tokenId())
                .map(t -> t.info().expiresAt()).orElse(null);
        return own != null && own.isBefore(server.at())
                ? new Limit(own, "the token you are using, " + caller.tokenId() + ", expires then") : server;
    }

    private static void check(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(LONGEST) > 0) {
            throw Problem.invalid("token expiry must be between 1ms and 3650d: give a duration like 30d, "
                    + "or leave --expires out for the longest allowed");
        }
    }

    /** "90d", "12h", "90m"…: the largest unit that divides it, as people write it on the command line. */
    static String format(Duration d) {
        long millis = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
