package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.environment.DeployOrder;
import dev.slipway.environment.Deployer;
import dev.slipway.environment.Rollout;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import java.util.List;
import java.util.Optional;

/**
 * Puts back what an environment served before: the same digest with the same launch (command, health, config) it
 * had then, so nothing is built. It answers to the environment's role rule (releaser where protected, else
 * deployer) but not to its gates — the artifact was admitted when it first went live there.
 */
public final class Rollbacks {
    private final EnvironmentRepository environments;
    private final DeploymentRepository deployments;
    private final Candidates candidates;
    private final Deployer deployer;
    private final AuditLog audit;
    private final Access access;

    public Rollbacks(EnvironmentRepository environments, DeploymentRepository deployments, Candidates candidates,
                     Deployer deployer, Access access, AuditLog audit) {
        this.environments = environments;
        this.deployments = deployments;
        this.candidates = candidates;
        this.deployer = deployer;
        this.audit = audit;
        this.access = access;
    }

    /**
     * Puts back {@code toDeployment}, or by default the newest earlier deployment that served a different digest
     * than the live one. Recreate: queues its redeployment and returns it, QUEUED. Blue/green: if that version still
     * runs WARM in the idle slot, swaps back to it at once (returns it, LIVE); otherwise starts it in the idle slot
     * and swaps as soon as it is healthy and verified (returns it, QUEUED), keeping the current one WARM.
     */
    public Deployment rollback(Principal actor, String app, String environment, Optional<Long> toDeployment) {
        Environment env = environments.require(app, environment);
        Optional<Deployment> live = env.live().flatMap(id -> deployments.find(app, id));
        Deployment target = toDeployment.isPresent() ? chosen(env, live, toDeployment.get()) : previous(env, live);
        access.decide(actor, Action.ROLLBACK, Place.of(app, env.name(), candidates.isProtected(env, Optional.of(live.orElse(target))))).orThrow();
        Optional<Deployment> blueGreenLive = live.filter(d -> d.slotName().isPresent());
        if (blueGreenLive.isPresent() && warmCopyOf(env, target).isPresent()) {
            audit.record(actor.user(), "rollback.requested", app, "environment " + env.name(),
                    "deployment #" + blueGreenLive.get().id() + " " + blueGreenLive.get().digest(),
                    "swap back to WARM deployment #" + warmCopyOf(env, target).get().id() + " of " + target.digest());
            return Candidates.awaited(deployer.swap(app, env.name(), actor.user()));
        }
        Rollout rollout = blueGreenLive.map(d -> new Rollout(true, true,
                Optional.ofNullable(d.keepWarm()).orElse(Rollout.DEFAULT_KEEP_WARM))).orElse(Rollout.RECREATE);
        Deployer.Queued queued = deployer.queue(DeployOrder.rollback(env, target, actor.user(), rollout));
        audit.record(actor.user(), "rollback.requested", app, "environment " + env.name(),
                live.map(d -> "deployment #" + d.id() + " " + d.digest()).orElse(null),
                "deployment #" + queued.deployment().id() + " puts back " + target.digest() + " of deployment #"
                        + target.id() + " (commit " + Elapsed.commit(target.commit()) + ")");
        return queued.deployment();
    }

    /**
     * The deployment that served {@code digest} in the environment before, if any and if it is not what the
     * environment serves now: pushing its commit to the environment's ref is a rollback to it.
     */
    public Optional<Deployment> rollbackTarget(String app, String environment, Digest digest) {
        Optional<Deployment> live = environments.find(app, environment).flatMap(Environment::live)
                .flatMap(id -> deployments.find(app, id));
        if (live.isPresent() && live.get().digest().equals(digest)) {
            return Optional.empty();
        }
        return deployments.wentLive(app, environment).stream().filter(d -> d.digest().equals(digest)).findFirst();
    }

    /** Whether putting {@code digest} into the environment would be a rollback: it went live there before. */
    public boolean isRollback(String app, String environment, Digest digest) {
        return rollbackTarget(app, environment, digest).isPresent();
    }

    /** The WARM deployment in a blue/green environment's idle slot serving the target's artifact, if nothing is READY. */
    private Optional<Deployment> warmCopyOf(Environment env, Deployment target) {
        List<Deployment> parked = deployments.parked(env.app(), env.name());
        if (parked.stream().anyMatch(d -> d.state() == DeploymentState.READY)) {
            return Optional.empty(); // a swap would go to the READY one, not back
        }
        return parked.stream().filter(d -> d.state() == DeploymentState.WARM && d.digest().equals(target.digest()))
                .findFirst();
    }

    private Deployment chosen(Environment env, Optional<Deployment> live, long id) {
        Deployment d = deployments.find(env.app(), id).filter(found -> found.environment().equals(env.name()))
                .orElseThrow(() -> Problem.notFound("deployment #" + id + " is not a deployment of " + env.name()
                        + ": see `slipway history " + env.app() + " " + env.name() + "`"));
        if (!d.wentLive()) {
            throw Problem.conflict("deployment #" + id + " never went live in " + env.name() + " (it " + d.state()
                    + "), so there is nothing known-good to put back: pick one that was LIVE from `slipway history "
                    + env.app() + " " + env.name() + "`");
        }
        if (live.isPresent() && live.get().digest().equals(d.digest())) {
            throw Problem.conflict(env.name() + " already serves " + Elapsed.digest(d.digest()) + " (deployment #"
                    + live.get().id() + "): nothing to roll back");
        }
        return d;
    }

    private Deployment previous(Environment env, Optional<Deployment> live) {
        if (live.isEmpty()) {
            throw Problem.conflict("nothing is live in " + env.name() + ", so there is no previous version to return "
                    + "to: name one with --to DEPLOYMENT (see `slipway history " + env.app() + " " + env.name() + "`)");
        }
        List<Deployment> served = deployments.wentLive(env.app(), env.name());
        return served.stream()
                .filter(d -> d.id() < live.get().id() && !d.digest().equals(live.get().digest()))
                .findFirst()
                .orElseThrow(() -> Problem.conflict(env.name() + " has served no other artifact before "
                        + Elapsed.digest(live.get().digest()) + " (deployment #" + live.get().id()
                        + "): there is nothing to roll back to"));
    }
}
