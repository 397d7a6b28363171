package dev.slipway.secret;

import java.util.Objects;

/**
 * An app-wide secret: one value for the whole app, in no environment — credentials Slipway itself uses on the app's
 * behalf (an external registry, a base image's registry), never given to a service. Kept apart from
 * {@link SecretId}, in a table of its own, so that no environment name can ever mean "app-wide".
 */
public record AppSecretId(String app, String name) {
    public AppSecretId {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(name, "name");
    }

    /** How people and the audit log name it: {@code (app-wide) REGISTRY_LOGIN}; no environment name has parentheses. */
    public String label() {
        return "(app-wide) " + name;
    }
}
