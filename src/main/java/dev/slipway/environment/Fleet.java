package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.RolloutMode;
import dev.slipway.target.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy target the deployer, blue/green, recovery and the supervisor use: an environment with nothing bound
 * runs on this host (the local target); one bound to targets runs on each of them. A deployment there is rolled out
 * {@code parallel} (an unreachable target is reported and catches up when it returns) or {@code one_by_one} in
 * batches of {@code max_unavailable} (the first failure or unreachable target stops it); if a target fails, what the
 * rollout already started is removed — the previous release never stopped anywhere, so every target keeps it. The
 * deployment's handle ({@link FleetHandle}) names the deployment; its containers are found on each target by label.
 */
public final class Fleet implements DeployTarget, ServiceLogs {
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final DeployTarget local;
    private final ServiceLogs logs;
    private final TargetEngines engines;
    private final FleetPlans plans;
    private final FleetStatus status;
    private final Path root;
    private final ExecutorService pool;
    private final java.util.function.BiPredicate<String, Digest> isImage;

    /**
     * {@code root}: where deployments keep their directory and log on this host (shared with the local target);
     * {@code isImage}: whether an app's artifact is a container image (all a Docker engine or a cluster can run).
     */
    public Fleet(DeployTarget local, ServiceLogs logs, TargetEngines engines, FleetPlans plans, FleetStatus status,
                 Path root, ExecutorService pool, java.util.function.BiPredicate<String, Digest> isImage) {
        this.isImage = isImage;
        this.local = local;
        this.logs = logs;
        this.engines = engines;
        this.plans = plans;
        this.status = status;
        this.root = root;
        this.pool = pool;
    }

    /** One target's part of a deployment: its engine and the container found (or started) there. */
    record Member(String target, DeployTarget engine, RunningService service) {}

    private sealed interface Outcome permits Started, Unreachable, Failed {}

    private record Started(Member member) implements Outcome {}

    private record Unreachable(String target, String why) implements Outcome {}

    private record Failed(String target, String why) implements Outcome {}

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public RunningService start(Start start) throws DeployFailedException {
        FleetPlans.Plan plan = plans.of(start.app(), start.environment(), start.deployment());
        if (plan.onThisHost()) {
            return local.start(start);
        }
        if (!isImage.test(start.app(), start.digest())) {
            throw new DeployFailedException(start.digest().shortForm() + " is not a container image, and "
                    + start.app() + "/" + start.environment() + " runs on targets ("
                    + String.join(", ", plan.targets().stream().map(Target::name).toList()) + "), which run images only:"
                    + " give the job that makes the artifact an image: section (see `slipway lint`), or unbind the"
                    + " environment (`slipway target unbind`) to run it on this host");
        }
        FleetHandle handle = new FleetHandle(start.app(), start.environment(), start.deployment());
        String directory = root.resolve(start.app()).resolve(start.environment())
                .resolve("deployment-" + start.deployment()).toString();
        // recorded before anything starts: a crash mid-rollout leaves Recovery a handle that finds every container
        start.spawned().accept(handle.service(directory, 0));
        List<Member> started = rollout(start, plan);
        return handle.service(directory, started.get(0).service().port());
    }

    /** Batch by batch; returns the members started, or removes them all and throws. */
    private List<Member> rollout(Start start, FleetPlans.Plan plan) throws DeployFailedException {
        List<Member> started = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<Target> targets = plan.targets();
        start.log().accept("rolling out to " + targets.size() + " target(s), " + plan.mode().name().toLowerCase()
                + (plan.mode() == RolloutMode.ONE_BY_ONE ? ", " + plan.batch() + " at a time" : ""));
        for (int from = 0; from < targets.size(); from += plan.batch()) {
            String failure = null;
            for (Outcome outcome : batch(start, targets.subList(from, Math.min(targets.size(), from + plan.batch())))) {
                if (outcome instanceof Started s) {
                    started.add(s.member());
                } else if (outcome instanceof Unreachable u && plan.mode() == RolloutMode.PARALLEL) {
                    unreachable.add(u.target());
                    seen(start, u.target(), FleetStatus.Sync.UNREACHABLE, u.why());
                    start.log().accept("target " + u.target() + " is unreachable (" + u.why() + "): it gets the "
                            + "release when it returns");
                } else if (failure == null) {
                    failure = outcome instanceof Unreachable u ? "target " + u.target() + " is unreachable ("
                            + u.why() + "); the one_by_one rollout stopped there"
                            : "on target " + ((Failed) outcome).target() + ": " + ((Failed) outcome).why();
                }
            }
            if (failure != null) {
                removeAll(started, start.launch().stopGrace());
                throw new DeployFailedException(failure + (started.isEmpty() ? "" : "; the " + started.size()
                        + " target(s) it had updated were put back (the previous release never stopped there)"));
            }
        }
        if (started.isEmpty()) {
            throw new DeployFailedException("none of the targets of " + start.app() + "/" + start.environment()
                    + " could be reached (" + String.join(", ", unreachable) + "); the previous release stays");
        }
        for (Member m : started) {
            status.saw(start.app(), start.environment(), status.seen(m.target(), FleetStatus.Sync.IN_SYNC,
                    start.deployment(), Optional.of(start.digest()), start.env().get("SLIPWAY_SLOT"), true, null,
                    m.engine().upstreams(m.service()).stream().findFirst()));
        }
        return started;
    }

    private void seen(Start start, String target, FleetStatus.Sync sync, String detail) {
        status.saw(start.app(), start.environment(), status.seen(target, sync, start.deployment(), Optional.empty(),
                start.env().get("SLIPWAY_SLOT"), false, detail, Optional.empty()));
    }

    /** Starts the deployment on each target of the batch at once; every outcome, in the batch's order. */
    private List<Outcome> batch(Start start, List<Target> batch) {
        List<Future<Outcome>> futures = batch.stream().map(t -> pool.submit(() -> startOn(t, start))).toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                outcomes.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new Failed(batch.get(i).name(), "interrupted"));
            } catch (ExecutionException e) {
                outcomes.add(new Failed(batch.get(i).name(), "Slipway failed: " + e.getCause()));
            }
        }
        return outcomes;
    }

    private Outcome startOn(Target target, Start start) {
        DeployTarget engine;
        try {
            engine = engines.engine(target);
        } catch (RuntimeException e) {
            return new Failed(target.name(), "cannot connect: " + e.getMessage());
        }
        Optional<String> down = engine.unreachable();
        if (down.isPresent()) {
            return new Unreachable(target.name(), down.get());
        }
        Start own = new Start(start.app(), start.environment(), start.deployment(), start.digest(), start.launch(),
                start.env(), start.secretNames(), line -> start.log().accept("[" + target.name() + "] " + line));
        try {
            return new Started(new Member(target.name(), engine, engine.start(own)));
        } catch (DeployFailedException e) {
            return new Failed(target.name(), e.getMessage());
        } catch (RuntimeException e) {
            Optional<String> lost = engine.unreachable();
            return lost.<Outcome>map(why -> new Unreachable(target.name(), why))
                    .orElseGet(() -> new Failed(target.name(), "Slipway failed: " + e));
        }
    }

    private void removeAll(List<Member> members, Duration grace) {
        for (Member m : members) {
            try {
                m.engine().stop(m.service(), grace);
            } catch (RuntimeException e) {
                log.warn("cannot remove {}'s container {}: {}", m.target(), m.service().container(), e.toString());
            }
        }
    }

    /** The containers of a fleet deployment wherever they are now, on every registered target that answers. */
    List<Member> members(FleetHandle handle) {
        List<Member> found = new ArrayList<>();
        for (Map.Entry<String, DeployTarget> e : engines.all().entrySet()) {
            try {
                e.getValue().find(handle.app(), handle.environment(), handle.deployment())
                        .ifPresent(s -> found.add(new Member(e.getKey(), e.getValue(), s)));
            } catch (RuntimeException unreachable) {
                log.debug("target {} cannot be asked for {}: {}", e.getKey(), handle, unreachable.toString());
            }
        }
        return found;
    }

    @Override
    public RunningService restart(Start start, RunningService previous) throws DeployFailedException {
        if (!FleetHandle.isFleet(previous) && plans.of(start.app(), start.environment(), start.deployment()).onThisHost()) {
            return local.restart(start, previous);
        }
        if (previous != null) {
            stop(previous, start.launch().stopGrace());
        }
        return start(start);
    }

    @Override
    public void stop(RunningService service) {
        stop(service, Launch.DEFAULT_STOP_GRACE);
    }

    @Override
    public void stop(RunningService service, Duration grace) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            local.stop(service, grace);
            return;
        }
        removeAll(members(handle.get()), grace);
    }

    @Override
    public boolean isAlive(RunningService service) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            return local.isAlive(service);
        }
        return members(handle.get()).stream().anyMatch(m -> alive(m));
    }

    private static boolean alive(Member m) {
        try {
            return m.engine().isAlive(m.service());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public OptionalInt exitCode(RunningService service) {
        return FleetHandle.isFleet(service) ? OptionalInt.empty() : local.exitCode(service);
    }

    /** A fleet deployment answers when any of its containers does (the router sends requests only to those). */
    @Override
    public boolean answersHealth(RunningService service, String path) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            return local.answersHealth(service, path);
        }
        return members(handle.get()).stream().anyMatch(m -> m.engine().answersHealth(m.service(), path));
    }

    @Override
    public String address(RunningService service) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            return local.address(service);
        }
        return members(handle.get()).stream().filter(Fleet::alive).findFirst()
                .map(m -> m.engine().address(m.service())).orElse("http://127.0.0.1:" + service.port());
    }

    /**
     * Each target that routes by itself serves the deployment; one that cannot be reached now is left for the
     * reconciler, which serves the live deployment again on every look.
     */
    @Override
    public void serve(RunningService service) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            local.serve(service);
            return;
        }
        for (Member m : members(handle.get())) {
            try {
                m.engine().serve(m.service());
            } catch (RuntimeException e) {
                log.warn("target {} cannot serve {} now (the reconciler tries again): {}", m.target(), handle.get(),
                        e.toString());
            }
        }
    }

    /** Every running container of the deployment, on every target. */
    @Override
    public List<Upstream> upstreams(RunningService service) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            return local.upstreams(service);
        }
        return members(handle.get()).stream().filter(Fleet::alive)
                .flatMap(m -> m.engine().upstreams(m.service()).stream()).toList();
    }

    /** What the containers run when they agree; when they do not, one of the digests (the reconciler sorts it out). */
    @Override
    public Optional<Digest> digest(RunningService service) {
        Optional<FleetHandle> handle = FleetHandle.of(service);
        if (handle.isEmpty()) {
            return local.digest(service);
        }
        List<Digest> running = members(handle.get()).stream().map(m -> m.engine().digest(m.service()))
                .flatMap(Optional::stream).distinct().toList();
        return running.isEmpty() ? Optional.empty() : Optional.of(running.get(running.size() - 1));
    }

    @Override
    public Optional<RunningService> find(String app, String environment, long deployment) {
        return local.find(app, environment, deployment);
    }

    @Override
    public void discard(String app, String environment, long deployment) {
        local.discard(app, environment, deployment);
        for (Map.Entry<String, DeployTarget> e : engines.all().entrySet()) {
            try {
                e.getValue().discard(app, environment, deployment);
            } catch (RuntimeException unreachable) {
                log.warn("cannot discard {}/{} #{} on target {}: {}", app, environment, deployment, e.getKey(),
                        unreachable.toString());
            }
        }
    }

    @Override
    public List<InPlace> inPlace() {
        List<InPlace> found = new ArrayList<>(local.inPlace());
        for (Map.Entry<String, DeployTarget> e : engines.all().entrySet()) {
            try {
                found.addAll(e.getValue().inPlace());
            } catch (RuntimeException unreachable) {
                log.debug("target {} cannot list its deployments: {}", e.getKey(), unreachable.toString());
            }
        }
        return found.stream().distinct().toList();
    }

    @Override
    public void removeEnvironment(String app, String environment) {
        for (Map.Entry<String, DeployTarget> e : engines.all().entrySet()) {
            try {
                e.getValue().removeEnvironment(app, environment);
            } catch (RuntimeException unreachable) {
                log.warn("cannot remove {}/{} from target {}: {}", app, environment, e.getKey(), unreachable.toString());
            }
        }
        local.removeEnvironment(app, environment);
        status.forget(app, environment);
    }

    /** For a fleet deployment: RUNNING when some target runs it, DRIFTED when one runs something else. */
    @Override
    public Placement observe(Deployment d) {
        Optional<FleetHandle> handle = FleetHandle.of(d.service());
        if (handle.isEmpty()) {
            return local.observe(d);
        }
        List<Member> members = members(handle.get());
        List<Member> running = members.stream().filter(Fleet::alive).toList();
        String names = String.join(",", members.stream().map(Member::target).toList());
        if (running.isEmpty()) {
            return new Placement(names.isEmpty() ? "targets" : names, d.app(), d.environment(), d.id(),
                    PlacementCondition.CRASHED, Optional.empty(), Optional.empty());
        }
        Member first = running.get(0);
        return new Placement(names, d.app(), d.environment(), d.id(), PlacementCondition.RUNNING,
                Optional.of(first.engine().address(first.service())), first.engine().digest(first.service()));
    }

    @Override
    public Optional<BufferedReader> open(String app, String environment, long deployment) throws IOException {
        return logs.open(app, environment, deployment);
    }

    @Override
    public Optional<Path> file(String app, String environment, long deployment) {
        return logs.file(app, environment, deployment);
    }

}
