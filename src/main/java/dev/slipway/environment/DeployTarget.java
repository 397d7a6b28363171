package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Where deployments run. The local target starts processes on this host; Kubernetes comes later. */
public interface DeployTarget {

    /**
     * {@code secretNames} are the variables of {@code env} that hold secrets: their values must not reach the
     * service's output as written. {@code spawned} hears of the service's process as soon as it exists, before it is
     * healthy, so that a crash while waiting for health leaves a recorded process for {@link Recovery} to reap.
     */
    record Start(String app, String environment, long deployment, Digest digest, Launch launch,
                 Map<String, String> env, Set<String> secretNames, Consumer<String> log,
                 Consumer<RunningService> spawned) {

        public Start {
            secretNames = Set.copyOf(secretNames);
        }

        public Start(String app, String environment, long deployment, Digest digest, Launch launch,
                     Map<String, String> env, Set<String> secretNames, Consumer<String> log) {
            this(app, environment, deployment, digest, launch, env, secretNames, log, service -> { });
        }

        /** The same start, telling {@code spawned} of the process. */
        public Start reporting(Consumer<RunningService> spawned) {
            return new Start(app, environment, deployment, digest, launch, env, secretNames, log, spawned);
        }
    }

    /** Unpacks and starts the artifact and returns once it answers its health check. */
    RunningService start(Start start) throws DeployFailedException;

    /** Starts the same deployment again in the directory it already has (after a crash or restart). */
    RunningService restart(Start start, RunningService previous) throws DeployFailedException;

    void stop(RunningService service);

    boolean isAlive(RunningService service);

    /** Removes what the deployment left on disk (its unpacked directory and log). */
    void discard(String app, String environment, long deployment);

    /** Removes everything the environment has on disk: every deployment's directory and log. */
    default void removeEnvironment(String app, String environment) {
        // a target that keeps nothing on disk per environment has nothing to remove
    }
}
