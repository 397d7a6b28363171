package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.util.Optional;

/**
 * For test targets that only record what they are asked: a service is healthy while it is alive, answers at its
 * port on this host, and its running digest is unknown. (InMemoryTarget is the one that passes the contract.)
 */
public interface ProcessTarget extends DeployTarget {
    @Override
    default boolean answersHealth(RunningService service, String path) {
        return isAlive(service);
    }

    @Override
    default String address(RunningService service) {
        return "http://127.0.0.1:" + service.port();
    }

    @Override
    default Optional<Digest> digest(RunningService service) {
        return Optional.empty(); // it cannot tell
    }
}
