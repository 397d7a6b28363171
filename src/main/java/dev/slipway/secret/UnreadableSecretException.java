package dev.slipway.secret;

/**
 * A stored secret that does not open with this server's key: sealed under another secret.key, or altered. Its
 * message names the secret and the two ways out, and never holds a value.
 */
public final class UnreadableSecretException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient SecretId secret;

    UnreadableSecretException(SecretId secret, String why) {
        super("secret " + secret.label() + " of app '" + secret.app() + "' cannot be decrypted: " + why
                + "; set it again with `slipway secret set " + secret.app() + " " + secret.environment() + " "
                + secret.name() + "`, or restore the secret.key this data directory had when it was set");
        this.secret = secret;
    }

    UnreadableSecretException(AppSecretId secret, String why) {
        super("app-wide secret " + secret.name() + " of app '" + secret.app() + "' cannot be decrypted: " + why
                + "; set it again with `slipway secret set " + secret.app() + " " + secret.name() + " --app-wide`, or "
                + "restore the secret.key this data directory had when it was set");
        this.secret = null;
    }

    UnreadableSecretException(TargetKeyId key, String why) {
        super("the TLS client key of target '" + key.target() + "' cannot be decrypted: " + why + "; add the target "
                + "again (`slipway target remove " + key.target() + "`, then `slipway target add` with --tls-key), or "
                + "restore the secret.key this data directory had when it was added");
        this.secret = null;
    }

    /** The environment secret; null for an app-wide one. */
    public SecretId secret() {
        return secret;
    }
}
