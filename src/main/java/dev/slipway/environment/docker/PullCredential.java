package dev.slipway.environment.docker;

import java.util.Objects;

/**
 * What an engine pulls deployments' images with: Slipway's registry as that engine reaches it ({@code HOST:PORT}, the
 * first part of {@code HOST:PORT/APP@sha256:…}) and a user and token it accepts for pulls. A cluster target keeps the
 * same three in its namespace's pull secret.
 */
public record PullCredential(String registry, String user, String token) {

    public PullCredential {
        Objects.requireNonNull(registry, "registry");
        if (registry.contains("/") || registry.isBlank()) {
            throw new IllegalArgumentException("registry '" + registry + "' must be HOST:PORT, without a scheme or path");
        }
    }

    /** The image of an app's artifact, by digest, as the engine pulls it. */
    public String image(String app, dev.slipway.artifact.Digest digest) {
        return repository(app) + "@" + digest;
    }

    /** The app's repository in the registry, {@code HOST:PORT/APP}. */
    public String repository(String app) {
        return registry + "/" + app;
    }

    @Override
    public String toString() {
        return "PullCredential[" + user + "@" + registry + "]"; // never the token
    }
}
