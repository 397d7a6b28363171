package dev.slipway.environment;

import dev.slipway.pipeline.ServiceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to start a deployment's service, kept with the deployment so a restart needs no pipeline file.
 * {@code secrets} are the names the environment declares under {@code secrets:} — never values, which are read
 * from the {@link SecretSource} at every start. {@code health} is the readiness path that must answer before the
 * deployment goes live or ready; {@code liveness} (default: the same) is what is probed once it serves.
 * {@code stopGrace} is how long the service has to exit once asked to stop, before it is killed.
 */
public record Launch(String command, String health, Duration startTimeout, Map<String, String> config,
                     List<String> secrets, Duration stopGrace, String liveness) {
    public static final Duration DEFAULT_STOP_GRACE = ServiceSpec.DEFAULT_STOP_GRACE;

    public Launch {
        config = Map.copyOf(config);
        secrets = List.copyOf(secrets);
        stopGrace = stopGrace == null ? DEFAULT_STOP_GRACE : stopGrace;
        liveness = liveness == null ? health : liveness;
    }

    /** The default stop grace; liveness probed on the health path. */
    public Launch(String command, String health, Duration startTimeout, Map<String, String> config,
                  List<String> secrets) {
        this(command, health, startTimeout, config, secrets, null, null);
    }

    /** A launch that declares no secrets. */
    public Launch(String command, String health, Duration startTimeout, Map<String, String> config) {
        this(command, health, startTimeout, config, List.of());
    }
}
