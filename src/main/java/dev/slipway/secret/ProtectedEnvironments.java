package dev.slipway.secret;

/** Whether an app's environment is protected, i.e. changing it (its secrets included) needs a releaser. */
@FunctionalInterface
public interface ProtectedEnvironments {
    boolean isProtected(String app, String environment);
}
