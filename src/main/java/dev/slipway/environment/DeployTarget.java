package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where deployments run: the port every target implements (the local one starts processes on this host; a container
 * engine or a cluster are the next). A target is told what to start and hands back a {@link RunningService}, the
 * handle Slipway records with the deployment; everything else it is asked about that handle, by this server or by
 * the next one after a restart. {@code DeployTargetContract} is what every implementation must pass.
 *
 * <p>Guarantees: {@link #start} returns only once the service answers its health check, and leaves nothing running
 * when it throws; {@link #stop} of a service already gone does nothing; a handle recorded by an earlier server means
 * the same to a new instance of the target (adoption); {@link #digest} reports what actually runs, not what was
 * asked for, so that drift can be seen.
 */
public interface DeployTarget {

    /**
     * A version to start, with everything it needs: its artifact, how to launch it and its variables, which hold its
     * config and its secrets ({@code secretNames} are the variables whose values must not reach the service's output
     * as written). {@code spawned} hears of the service as soon as it exists, before it is healthy, so that a crash
     * while waiting for health leaves a recorded service for {@link Recovery} to reap.
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

        /** The same start, telling {@code spawned} of the service. */
        public Start reporting(Consumer<RunningService> spawned) {
            return new Start(app, environment, deployment, digest, launch, env, secretNames, log, spawned);
        }
    }

    /** The target's name, as placements report it ("local"). */
    String name();

    /** Puts the artifact in place and starts it; returns once it answers its health check. */
    RunningService start(Start start) throws DeployFailedException;

    /** Starts the same deployment again with what it already has in place (after a crash or restart). */
    RunningService restart(Start start, RunningService previous) throws DeployFailedException;

    /** Stops the service and all it started; one already gone is left alone. */
    void stop(RunningService service);

    /**
     * Stops the service as {@link #stop(RunningService)}, giving it {@code grace} to exit once asked before it is
     * killed (the deployment's stop_grace). A target that cannot ask first stops it as it can.
     */
    default void stop(RunningService service, java.time.Duration grace) {
        stop(service);
    }

    /** Whether the service still runs; true also for one started by an earlier server (what a restart adopts). */
    boolean isAlive(RunningService service);

    /**
     * How the service's process ended, once it has: its exit code (128 + the signal number if a signal ended it).
     * Empty while it runs, or when the target cannot tell (a service started by an earlier server).
     */
    default java.util.OptionalInt exitCode(RunningService service) {
        return java.util.OptionalInt.empty();
    }

    /** One probe of the service's health path: a 2xx answer within a second. */
    boolean answersHealth(RunningService service, String path);

    /** Where the service answers itself, e.g. {@code http://127.0.0.1:41234}: for verify steps, not for users. */
    String address(RunningService service);

    /**
     * Where the router sends the service's requests: one upstream for a process or a container, one per target for a
     * deployment on several; those failing health are left out by whoever asks (the router falls back to all).
     */
    default java.util.List<Upstream> upstreams(RunningService service) {
        return java.util.List.of(Upstream.local(service.port()));
    }

    /**
     * Points the environment's traffic at the service where the target itself routes it (a cluster's Services select
     * the service's slot); a target whose traffic goes through Slipway's router does nothing. Called on every swap,
     * swap back and go-live, before the router is told; one already served is left alone.
     */
    default void serve(RunningService service) {
        // traffic reaches this target's services through Slipway's router only
    }

    /**
     * Whether starting a deployment that is already there (drifted, scaled down) puts it right by itself, without it
     * being stopped first: a cluster applies its objects again and rolls out, while the old pods keep serving.
     */
    default boolean replacesInPlace() {
        return false;
    }

    /** The artifact the service runs, as the target finds it now; empty when it cannot tell. */
    Optional<Digest> digest(RunningService service);

    /** Removes what the deployment left in place (its unpacked files); its log stays. */
    void discard(String app, String environment, long deployment);

    /**
     * The deployment's service as the target has it now, running or not, found by looking (not from a recorded
     * handle): what a reconciler compares with what should run. Empty when the target has none, or keeps no way to
     * find one.
     */
    default Optional<RunningService> find(String app, String environment, long deployment) {
        return Optional.empty();
    }

    /** Why the target cannot be reached now (its engine is down or refuses us); empty when it can. */
    default Optional<String> unreachable() {
        return Optional.empty();
    }

    /** A deployment whose files the target holds, as found there. */
    record InPlace(String app, String environment, long deployment) {}

    /** Every deployment whose files are in place on the target, found by looking: what a start-up sweep checks. */
    default java.util.List<InPlace> inPlace() {
        return java.util.List.of(); // a target that keeps no files per deployment has none to list
    }

    /** Removes everything the environment has on the target: every deployment's files and logs. */
    default void removeEnvironment(String app, String environment) {
        // a target that keeps nothing per environment has nothing to remove
    }

    /**
     * The deployment's placement on this target as observed now, from its recorded service: gone (CRASHED), running
     * another artifact (DRIFTED), answering its liveness path (RUNNING) or not (STARTING while it is being deployed,
     * else UNREACHABLE). A target that can observe all of it in one call may do so.
     */
    default Placement observe(Deployment d) {
        RunningService service = d.service();
        if (service == null) {
            return Placement.absent(name(), d);
        }
        if (!isAlive(service)) {
            return new Placement(name(), d.app(), d.environment(), d.id(), PlacementCondition.CRASHED, Optional.empty(),
                    Optional.empty());
        }
        Optional<Digest> running = digest(service);
        PlacementCondition condition;
        if (running.isPresent() && !running.get().equals(d.digest())) {
            condition = PlacementCondition.DRIFTED;
        } else if (answersHealth(service, d.launch().liveness())) {
            condition = PlacementCondition.RUNNING;
        } else {
            condition = d.state() == DeploymentState.DEPLOYING ? PlacementCondition.STARTING : PlacementCondition.UNREACHABLE;
        }
        return new Placement(name(), d.app(), d.environment(), d.id(), condition, Optional.of(address(service)), running);
    }
}
