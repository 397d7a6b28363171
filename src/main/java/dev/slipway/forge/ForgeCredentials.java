package dev.slipway.forge;

import java.util.Optional;

/**
 * A followed app's credentials, kept as app-wide secrets (sealed, audited, never returned): the HTTPS token (also
 * what statuses are reported with), the SSH private key, and the webhook secret deliveries are signed with.
 * Implemented by the secret package; values never reach a response, a log line or an error message.
 */
public interface ForgeCredentials {
    String TOKEN = "FORGE_TOKEN";
    String SSH_KEY = "FORGE_SSH_KEY";
    String WEBHOOK_SECRET = "FORGE_WEBHOOK_SECRET";
    /** A webhook secret given by hand has at least this many characters (Slipway's own: 32 random bytes). */
    int MIN_WEBHOOK_SECRET = 16;

    Optional<String> read(String app, String name);

    /** Sets or replaces it, audited as {@code actor}'s. */
    void store(String actor, String app, String name, String value);
}
