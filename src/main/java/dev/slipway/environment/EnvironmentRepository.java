package dev.slipway.environment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

public interface EnvironmentRepository {
    /** Finds the environment or creates it with a port from {@code freePort} (retried if another environment holds it). */
    Environment ensure(String app, String name, String specName, String branch, IntSupplier freePort, Instant at);

    Optional<Environment> find(String app, String name);

    /** The environment, or a not-found problem that says where to look. */
    default Environment require(String app, String name) {
        return find(app, name).orElseThrow(() -> dev.slipway.Problem.notFound("environment '" + name + "' of app '"
                + app + "' does not exist: see `slipway status " + app + "`"));
    }

    List<Environment> list(String app);

    List<Environment> all();

    /** Every app's environments that are not per-branch (staging, production, ...), by app and name. */
    List<Environment> fixed();

    /** Sets how long the environment may go without a deployment (null: no limit). */
    void setTtl(String app, String name, Duration ttl);

    /**
     * Moves the environment to another stable port if it is still on {@code from} (compare-and-set); false if it is
     * not, or is gone. Fails if another environment has {@code to}.
     */
    boolean movePort(String app, String name, int from, int to);

    /** Removes the environment's row; its deployments stay as history. False if it did not exist. */
    boolean delete(String app, String name);
}
