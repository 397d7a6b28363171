package dev.slipway.environment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up sweep of what deployments left on the target: it looks at what the target has in place, not at what
 * the database says should be there, so files that no path discarded (a crash between a retirement and its discard,
 * a deployment replaced while no server ran, or a server before this sweep) go too. Only deployments that run or
 * are being deployed keep their files; logs stay.
 */
final class LeftoverDeployments {
    private static final Logger log = LoggerFactory.getLogger(LeftoverDeployments.class);
    static final Set<DeploymentState> KEPT = EnumSet.of(DeploymentState.LIVE, DeploymentState.READY,
            DeploymentState.WARM, DeploymentState.DEPLOYING);

    private final DeploymentRepository deployments;
    private final DeployTarget target;

    LeftoverDeployments(DeploymentRepository deployments, DeployTarget target) {
        this.deployments = deployments;
        this.target = target;
    }

    /** Discards the files of every deployment in place that is not LIVE, READY, WARM or DEPLOYING; returns them. */
    List<DeployTarget.InPlace> sweep() {
        List<DeployTarget.InPlace> removed = new ArrayList<>();
        for (DeployTarget.InPlace placed : target.inPlace()) {
            try {
                boolean kept = deployments.find(placed.app(), placed.deployment())
                        .filter(d -> d.environment().equals(placed.environment()))
                        .map(d -> KEPT.contains(d.state())).orElse(false);
                if (!kept) {
                    target.discard(placed.app(), placed.environment(), placed.deployment());
                    removed.add(placed);
                    log.info("{}/{}: removed the files of deployment {}, which no longer runs", placed.app(),
                            placed.environment(), placed.deployment());
                }
            } catch (RuntimeException e) {
                log.warn("{}/{}: the files of deployment {} could not be removed; tried again on the next start: {}",
                        placed.app(), placed.environment(), placed.deployment(), e.toString());
            }
        }
        return removed;
    }
}
