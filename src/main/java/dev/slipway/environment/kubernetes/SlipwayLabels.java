package dev.slipway.environment.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels that tie a cluster object to Slipway, an app's environment and the deployment that last applied it (the
 * slot label in blue/green), and the selectors built from them. A Deployment's selector never carries the deployment
 * id: selectors cannot change once a Deployment exists.
 */
final class SlipwayLabels {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String SLIPWAY = "slipway";
    static final String APP = "slipway.dev/app";
    static final String ENVIRONMENT = "slipway.dev/environment";
    static final String DEPLOYMENT = "slipway.dev/deployment";
    static final String SLOT = "slipway.dev/slot";
    /** The variable a blue/green start names its slot by. */
    static final String SLOT_VARIABLE = "SLIPWAY_SLOT";

    /** Every object of the environment. */
    static Map<String, String> of(String app, String environment) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, SLIPWAY);
        labels.put(APP, app);
        labels.put(ENVIRONMENT, environment);
        return labels;
    }

    /** The objects one deployment applied last. */
    static Map<String, String> of(String app, String environment, long deployment) {
        Map<String, String> labels = of(app, environment);
        labels.put(DEPLOYMENT, Long.toString(deployment));
        return labels;
    }

    /** What selects the environment's pods (and those of one slot when {@code slot} is not empty). */
    static Map<String, String> selector(String app, String environment, String slot) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP, app);
        labels.put(ENVIRONMENT, environment);
        if (!slot.isEmpty()) {
            labels.put(SLOT, slot);
        }
        return labels;
    }

    private SlipwayLabels() {
    }
}
