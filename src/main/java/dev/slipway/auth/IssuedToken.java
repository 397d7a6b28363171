package dev.slipway.auth;

/** A token just created: {@code token} is the full secret, shown once and never stored. */
public record IssuedToken(TokenInfo info, String token) {
    @Override
    public String toString() {
        // Records print all components; a token in a log line or exception would leak it.
        return "IssuedToken[info=" + info + ", token=***]";
    }
}
