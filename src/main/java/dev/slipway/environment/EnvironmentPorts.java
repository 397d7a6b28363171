package dev.slipway.environment;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens environments' stable ports for deployments. A new environment whose port another program took between its
 * pick and the router's listen gets another at once: nobody was given its address yet. One already used keeps its
 * port, unavailable until it frees up (the router retries it) or someone moves it ({@link PortMoves}).
 */
final class EnvironmentPorts {
    private static final Logger log = LoggerFactory.getLogger(EnvironmentPorts.class);
    private static final int PICKS = 5;

    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Router router;
    private final IntSupplier freePorts;

    EnvironmentPorts(EnvironmentRepository environments, DeploymentRepository deployments, Router router,
                     IntSupplier freePorts) {
        this.environments = environments;
        this.deployments = deployments;
        this.router = router;
        this.freePorts = freePorts;
    }

    int pick() {
        return freePorts.getAsInt();
    }

    /** The environment with its port open, or unavailable; as recorded now (its port may have changed). */
    Environment open(Environment env) {
        router.open(env.app(), env.name(), env.port());
        if (router.unavailable(env.port()).isEmpty() || !deployments.history(env.app(), env.name(), 1).isEmpty()) {
            return env;
        }
        for (int attempt = 0; attempt < PICKS; attempt++) {
            int other = freePorts.getAsInt();
            try {
                if (router.move(env.app(), env.name(), env.port(), other,
                        () -> environments.movePort(env.app(), env.name(), env.port(), other))) {
                    log.warn("{}/{}: port {} was taken before the router could listen on it; the new environment got"
                            + " port {} instead", env.app(), env.name(), env.port(), other);
                }
                break; // moved, or moved meanwhile by a concurrent first deployment
            } catch (PortUnavailableException | RuntimeException e) {
                log.debug("{}/{}: port {} cannot be used either: {}", env.app(), env.name(), other, e.getMessage());
            }
        }
        return environments.find(env.app(), env.name()).orElse(env);
    }
}
