package dev.slipway.auth;

/** A token as the database keeps it: its SHA-256 secret hash, never the secret. */
public record StoredToken(TokenInfo info, String secretHash) {
    @Override
    public String toString() {
        return "StoredToken[info=" + info + ", secretHash=***]";
    }
}
