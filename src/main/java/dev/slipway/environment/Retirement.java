package dev.slipway.environment;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a deployment's service away: its process stopped, the recorded service cleared (so Recovery has nothing
 * left to reap) and its files discarded. Every path that ends a service goes through here.
 */
final class Retirement {
    private static final Logger log = LoggerFactory.getLogger(Retirement.class);

    private final DeploymentRepository deployments;
    private final DeployTarget target;

    Retirement(DeploymentRepository deployments, DeployTarget target) {
        this.deployments = deployments;
        this.target = target;
    }

    /** Stops the deployment's recorded process, if any, but keeps it recorded: the next start brings it back. */
    void halt(Deployment d) {
        d.process().ifPresent(service -> target.stop(service, d.launch().stopGrace()));
    }

    /** Stops the deployment's recorded process, if any, and forgets it; its files stay (for a teardown to remove). */
    void stop(Deployment d) {
        forget(d, d.process());
    }

    /** Stops {@code process} (empty: the target already stopped it), forgets it and discards the deployment's files. */
    void retire(Deployment d, Optional<RunningService> process) {
        forget(d, process);
        target.discard(d.app(), d.environment(), d.id());
    }

    private void forget(Deployment d, Optional<RunningService> process) {
        process.ifPresent(service -> target.stop(service, d.launch().stopGrace()));
        deployments.setService(d.app(), d.id(), null); // cleared after the stop: Recovery reaps it if the stop fails
    }

    /** Stops the environment's running deployments and forgets them, then removes all it has on the target. */
    void clear(Environment env, List<Deployment> running) {
        running.forEach(this::stop);
        try {
            target.removeEnvironment(env.app(), env.name());
        } catch (RuntimeException e) {
            log.warn("{}/{}: torn down, but its files could not all be removed: {}", env.app(), env.name(), e.toString());
        }
    }

    /** Retires a replaced deployment with its recorded process; a failure is only logged. */
    void retireQuietly(Deployment d) {
        try {
            retire(d, d.process());
        } catch (RuntimeException e) {
            // the process is reaped by Recovery on the next start if it survived this
            log.warn("deployment {} of {} to {}: retiring it failed: {}", d.id(), d.app(), d.environment(), e.toString());
        }
    }
}
