package dev.slipway.environment.kubernetes;

import dev.slipway.environment.RunningService;
import java.util.Optional;

/**
 * A deployment's service on a cluster, as its {@link RunningService} records it in the container field:
 * {@code k8s:NAMESPACE/APP/ENV/DEPLOYMENT[/SLOT]} (no process, no port: the cluster's Services carry the traffic).
 */
record ClusterService(String namespace, String app, String environment, long deployment, String slot) {
    private static final String PREFIX = "k8s:";

    ClusterService {
        slot = slot == null ? "" : slot;
    }

    /** The handle's own record; {@code directory} is where the deployment's files on this host are. */
    RunningService handle(String directory) {
        String id = PREFIX + namespace + "/" + app + "/" + environment + "/" + deployment
                + (slot.isEmpty() ? "" : "/" + slot);
        return new RunningService(0, 0, 0, directory, id);
    }

    /** The cluster service a handle names; empty for one of another target. */
    static Optional<ClusterService> of(RunningService service) {
        String id = service == null ? null : service.container();
        if (id == null || !id.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = id.substring(PREFIX.length()).split("/");
        if (parts.length < 4 || parts.length > 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClusterService(parts[0], parts[1], parts[2], Long.parseLong(parts[3]),
                    parts.length == 5 ? parts[4] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean blueGreen() {
        return !slot.isEmpty();
    }
}
