package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;

/**
 * Whether a user may put something into an environment. Wired to the access rules at boot: protected
 * environments need a releaser, the others a developer.
 */
@FunctionalInterface
public interface DeployPermission {
    /** Null when allowed, else why not (naming the role needed). */
    String refusal(String user, String app, EnvironmentSpec environment);
}
