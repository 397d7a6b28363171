package dev.slipway.environment;

import dev.slipway.auth.Decision;
import dev.slipway.pipeline.EnvironmentSpec;

/**
 * Whether a push's run may deploy into an environment: asked of the one authorization decision
 * ({@code Access.decide} with {@code Action.PUSH_DEPLOY}), wired at boot.
 */
@FunctionalInterface
public interface DeployPermission {
    /** Allowed, or refused naming the role needed. */
    Decision decide(String user, String app, EnvironmentSpec environment);
}
