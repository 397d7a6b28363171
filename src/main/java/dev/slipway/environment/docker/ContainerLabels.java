package dev.slipway.environment.docker;

import dev.slipway.environment.DeployTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a Slipway container says about itself: its labels (whose deployment it is, what it runs, which variables to
 * mask) and its name, {@code slipway-APP-ENV-ID}. A later server finds and adopts containers by these labels.
 */
public final class ContainerLabels {
    public static final String APP = "dev.slipway.app";
    public static final String ENVIRONMENT = "dev.slipway.environment";
    public static final String DEPLOYMENT = "dev.slipway.deployment";
    public static final String DIGEST = "dev.slipway.digest";
    public static final String SLOT = "dev.slipway.slot";
    /** The names (never the values) of the variables whose values its output must not show, comma-separated. */
    public static final String MASKED = "dev.slipway.masked";
    /** The variable a start may carry to name its blue/green slot, set as the {@link #SLOT} label. */
    public static final String SLOT_VARIABLE = "SLIPWAY_SLOT";

    private ContainerLabels() {}

    /** The labels of the start's container. */
    static Map<String, String> of(DeployTarget.Start start) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP, start.app());
        labels.put(ENVIRONMENT, start.environment());
        labels.put(DEPLOYMENT, Long.toString(start.deployment()));
        labels.put(DIGEST, start.digest().toString());
        labels.put(MASKED, String.join(",", new TreeSet<>(start.secretNames())));
        String slot = start.env().get(SLOT_VARIABLE);
        if (slot != null) {
            labels.put(SLOT, slot);
        }
        return labels;
    }

    /** {@code slipway-APP-ENV-ID}, with what a container name may not hold replaced by '-'. */
    static String name(String app, String environment, long deployment) {
        return ("slipway-" + app + "-" + environment + "-" + deployment).replaceAll("[^a-zA-Z0-9_.-]", "-");
    }

    static String name(DeployTarget.Start start) {
        return name(start.app(), start.environment(), start.deployment());
    }
}
