package dev.slipway.secret;

import java.util.Objects;

/**
 * Which secret: an app, the pipeline file's environment name ({@code dev}, not {@code dev-feature-x}: every
 * instance of an ephemeral environment shares its secrets) and the variable name the service sees.
 */
public record SecretId(String app, String environment, String name) {
    public SecretId {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(name, "name");
    }

    /** How people and the audit log name it: {@code staging/API_KEY}. */
    public String label() {
        return environment + "/" + name;
    }
}
