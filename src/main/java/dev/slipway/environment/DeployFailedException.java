package dev.slipway.environment;

/** The service did not start or did not become healthy: the user's to fix, so the deployment is FAILED. */
public final class DeployFailedException extends Exception {
    public DeployFailedException(String message) {
        super(message);
    }
}
