package dev.slipway.auth;

import dev.slipway.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * Turns an Authorization header into a {@link Principal}, or refuses with a message that says what is wrong.
 * No message ever contains the presented token (or the Basic user name, which may be a token typed in the wrong field).
 */
public final class Authenticator {
    static final String MISSING = "authentication required: pass a token with --token or SLIPWAY_TOKEN "
            + "(API: `Authorization: Bearer TOKEN`; git: user name + token as password)";
    private static final String MALFORMED = "malformed Authorization header: send `Bearer TOKEN` (API) "
            + "or Basic with your user name and the token as password (git)";
    private static final String TOO_LONG = "the token is longer than " + TokenFormat.MAX_LENGTH
            + " characters, so it is not a Slipway token: pass the token printed by `slipway token create`";
    private static final String INVALID = "invalid token: this server did not issue it, or it was mistyped; "
            + "pass the token printed by `slipway token create`";
    private static final String WRONG_USER = "the user name does not match the token's owner: "
            + "git needs the owner's user name with the token as password";
    /** Far more than a Basic header with a 39-character user and a 256-character token; spares decoding junk. */
    private static final int MAX_HEADER_LENGTH = 1024;

    private final TokenRepository tokens;
    private final Clock clock;

    public Authenticator(TokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    public Principal authenticate(String header) {
        return identify(header).principal();
    }

    /** As {@link #authenticate}, and which token it was (a token's holder may not mint a longer-lived one). */
    public SignedIn identify(String header) {
        if (header == null || header.isBlank()) {
            throw Problem.unauthenticated(MISSING);
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw Problem.unauthenticated(TOO_LONG);
        }
        Credentials credentials = Credentials.parse(header.strip());
        if (credentials.token().length() > TokenFormat.MAX_LENGTH) {
            throw Problem.unauthenticated(TOO_LONG);
        }
        TokenInfo token = verify(credentials.token());
        if (credentials.user() != null && !credentials.user().equals(token.user())) {
            throw Problem.unauthenticated(WRONG_USER);
        }
        return new SignedIn(usable(token), token.id());
    }

    /** A caller and the id of the token they came with (a session's: the token it was signed in with). */
    public record SignedIn(Principal principal, String tokenId) {}

    /** Checks a pasted token as {@link #authenticate} does, and says which token it was, for {@link #stillValid}. */
    public SignedIn signIn(String token) {
        return identify("Bearer " + (token == null ? "" : token.strip()));
    }

    /**
     * The holder of a token signed in earlier, if the token still works: not revoked, not expired, still stored
     * (a removed user's tokens go with them). Sessions call this on every request so they cannot outlive it.
     */
    public Principal stillValid(String tokenId) {
        return usable(tokens.find(tokenId).orElseThrow(() -> Problem.unauthenticated(
                "the token this session was signed in with no longer exists: sign in again with a current token"))
                .info());
    }

    private Principal usable(TokenInfo token) {
        if (token.revokedAt() != null) {
            throw Problem.unauthenticated("token " + token.id() + " was revoked at " + token.revokedAt()
                    + ": ask an admin for a new one (`slipway token create --user " + token.user() + "`)");
        }
        if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
            throw Problem.unauthenticated("token " + token.id() + " expired at " + token.expiresAt()
                    + ": ask an admin for a new one (`slipway token create --user " + token.user() + "`)");
        }
        return new Principal(token.user());
    }

    /** The stored token whose secret this is; unknown id and wrong secret read the same, so ids cannot be probed. */
    private TokenInfo verify(String token) {
        TokenFormat.Key key = TokenFormat.keyOf(token);
        StoredToken stored = tokens.find(key.id()).orElseThrow(() -> Problem.unauthenticated(INVALID));
        if (!TokenFormat.sameHash(key.secretHash(), stored.secretHash())) {
            throw Problem.unauthenticated(INVALID);
        }
        return stored.info();
    }

    /** The token from the header, and for Basic the user name that came with it (null for Bearer). */
    private record Credentials(String user, String token) {
        static Credentials parse(String header) {
            int space = header.indexOf(' ');
            if (space < 0) {
                throw Problem.unauthenticated(MALFORMED);
            }
            String scheme = header.substring(0, space);
            String value = header.substring(space + 1).strip();
            if (value.isEmpty()) {
                throw Problem.unauthenticated(MALFORMED);
            }
            if (scheme.equalsIgnoreCase("Bearer")) {
                return new Credentials(null, value);
            }
            if (scheme.equalsIgnoreCase("Basic")) {
                return basic(value);
            }
            throw Problem.unauthenticated(MALFORMED);
        }

        private static Credentials basic(String encoded) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw Problem.unauthenticated(MALFORMED);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0 || colon == decoded.length() - 1) {
                throw Problem.unauthenticated(MALFORMED);
            }
            return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        }

        @Override
        public String toString() {
            return "Credentials[***]";
        }
    }
}
