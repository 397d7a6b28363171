package dev.slipway.environment;

import java.time.Duration;
import java.util.Map;

/** How to start a deployment's service, kept with the deployment so a restart needs no pipeline file. */
public record Launch(String command, String health, Duration startTimeout, Map<String, String> config) {
    public Launch {
        config = Map.copyOf(config);
    }
}
