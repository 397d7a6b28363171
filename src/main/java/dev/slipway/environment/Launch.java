package dev.slipway.environment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to start a deployment's service, kept with the deployment so a restart needs no pipeline file.
 * {@code secrets} are the names the environment declares under {@code secrets:} — never values, which are read
 * from the {@link SecretSource} at every start.
 */
public record Launch(String command, String health, Duration startTimeout, Map<String, String> config,
                     List<String> secrets) {
    public Launch {
        config = Map.copyOf(config);
        secrets = List.copyOf(secrets);
    }

    /** A launch that declares no secrets. */
    public Launch(String command, String health, Duration startTimeout, Map<String, String> config) {
        this(command, health, startTimeout, config, List.of());
    }
}
