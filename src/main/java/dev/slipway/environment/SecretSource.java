package dev.slipway.environment;

import dev.slipway.pipeline.LogMasking;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a service's secret values come from: read at every start (deploy and restart), handed to the process as
 * environment variables, and never stored with the deployment. It also masks them in what Slipway records
 * about a deployment (a failed start quotes the service's last output).
 */
public interface SecretSource extends LogMasking {
    SecretSource NONE = new SecretSource() {
        @Override
        public Map<String, String> valuesFor(String app, String environment) {
            return Map.of();
        }

        @Override
        public UnaryOperator<String> maskerFor(String app) {
            return UnaryOperator.identity();
        }
    };

    /**
     * Name → value for the pipeline file's environment {@code environment} ("dev" for dev-feature-x).
     *
     * @throws Unreadable when a value cannot be decrypted; its message names the secret and what to do
     */
    Map<String, String> valuesFor(String app, String environment);

    /**
     * The value of an app-wide secret, for Slipway's own use on the app's behalf (a registry login), never a
     * service's; empty when it is not set.
     *
     * @throws Unreadable when it cannot be decrypted
     */
    default Optional<String> appWide(String app, String name) {
        return Optional.empty();
    }

    /** A secret of the environment that cannot be decrypted (another secret.key, or an altered row). */
    final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
