package dev.slipway.environment;

import dev.slipway.auth.Decision;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunListener;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.ServiceSpec;
import dev.slipway.pipeline.SourceRepository;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A successful run of branch B deploys its artifact to every environment whose branches match B — the
 * branch's own instance for ephemeral environments. Environments behind promotion gates are left to promotion.
 * A run that finishes after its branch was deleted does not bring the branch's environment back.
 */
public final class BranchDeployments implements RunListener {
    private static final Logger log = LoggerFactory.getLogger(BranchDeployments.class);

    private final Deployer deployer;
    private final DeployPermission permission;
    private final TargetNarrowing narrowing;
    private final SourceRepository source;

    private final EnvironmentRepository environments;
    private final RunRepository runs;
    private final Clock clock;

    public BranchDeployments(Deployer deployer, DeployPermission permission, TargetNarrowing narrowing,
                             SourceRepository source, EnvironmentRepository environments, RunRepository runs,
                             Clock clock) {
        this.deployer = deployer;
        this.permission = permission;
        this.narrowing = narrowing;
        this.source = source;
        this.environments = environments;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public void runSucceeded(Run run, PipelineSpec spec) {
        deploy(run, spec);
    }

    @Override
    public void recovered(Run run, PipelineSpec spec) {
        deploy(run, spec, instance -> !deployer.hasDeployed(run.app(), instance, run.number()));
    }

    /**
     * What the pusher should hear at push time: the environments this run would deploy to but will not, because
     * the pusher's role is too low for them (e.g. a protected environment), or because another branch whose name
     * makes the same environment name owns it (that is also kept on the run, for the API, CLI and dashboard); and
     * every environment of the file, gated or not, whose {@code targets:} name what an admin did not bind there.
     */
    public List<String> refusals(Run run, PipelineSpec spec) {
        List<String> notes = new ArrayList<>();
        if (spec.service().isEmpty()) {
            return notes;
        }
        notes.addAll(narrowing.refusals(run.app(), spec));
        for (EnvironmentSpec env : spec.environmentsForBranch(run.branch())) {
            if (env.gated() || narrowing.refusal(run.app(), env).isPresent()) {
                continue; // left to promotion
            }
            if (permission.decide(run.pushedBy(), run.app(), env) instanceof Decision.Refused refused) {
                notes.add("will not deploy to " + env.name() + ": " + refused.message());
            } else {
                collision(run, env).ifPresent(notes::add);
            }
        }
        return notes;
    }

    /**
     * feature/a.b, feature/a-b and Feature/A_B all make dev-feature-a-b: the branch that deployed there first keeps
     * it, and a run of another one deploys nothing. Says so (on the run too) with what to do about it.
     */
    private Optional<String> collision(Run run, EnvironmentSpec env) {
        if (!env.ephemeral()) {
            return Optional.empty();
        }
        String instance;
        try {
            instance = env.instanceName(run.branch());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String owner = environments.find(run.app(), instance).map(Environment::branch).orElse(null);
        if (owner == null || owner.equals(run.branch())) {
            return Optional.empty();
        }
        return Optional.of(warnTaken(run, instance, owner));
    }

    private String warnTaken(Run run, String instance, String owner) {
        String warning = "not deploying " + run.branch() + " to " + instance + ": that environment belongs to branch "
                + owner + " (both names make '" + instance + "'); rename " + run.branch() + ", or delete " + owner
                + " (git push slipway :" + owner + ") to free it";
        runs.warn(run.app(), run.number(), warning, clock.instant());
        return warning;
    }

    public List<CompletableFuture<Deployment>> deploy(Run run, PipelineSpec spec) {
        return deploy(run, spec, instance -> true);
    }

    private List<CompletableFuture<Deployment>> deploy(Run run, PipelineSpec spec, Predicate<String> wanted) {
        List<CompletableFuture<Deployment>> started = new ArrayList<>();
        if (run.artifact() == null || spec.service().isEmpty()) {
            return started;
        }
        ServiceSpec service = spec.service().get();
        for (EnvironmentSpec env : spec.environmentsForBranch(run.branch())) {
            if (env.gated()) {
                log.info("{}: {} has promotion gates; not deploying on push", run.label(), env.name());
                continue;
            }
            if (permission.decide(run.pushedBy(), run.app(), env) instanceof Decision.Refused refused) {
                log.info("{}: not deploying to {}: {}", run.label(), env.name(), refused.message());
                continue;
            }
            Optional<String> beyondBindings = narrowing.refusal(run.app(), env);
            if (beyondBindings.isPresent()) {
                log.info("{}: not deploying to {}: {}", run.label(), env.name(), beyondBindings.get());
                continue;
            }
            if (env.ephemeral() && !source.branchExists(run.app(), run.branch())) {
                log.info("{}: branch {} was deleted meanwhile; not deploying to its environment", run.label(), run.branch());
                continue;
            }
            String instance;
            try {
                instance = env.instanceName(run.branch());
            } catch (IllegalArgumentException e) {
                log.info("{}: no environment for branch {}: {}", run.label(), run.branch(), e.getMessage());
                continue;
            }
            if (!wanted.test(instance)) {
                continue;
            }
            Optional<String> collision = collision(run, env);
            if (collision.isPresent()) {
                log.warn("{}: {}", run.label(), collision.get());
                continue;
            }
            log.info("{}: deploying to {}", run.label(), instance);
            try {
                started.add(deployer.deploy(DeployOrder.push(run.app(), instance, env, run.branch(),
                        new Release(run.artifact(), run.commit(), run.number()), run.pushedBy(), service)));
            } catch (EnvironmentTakenException e) {
                log.warn("{}: {}", run.label(), warnTaken(run, e.environment(), e.owner()));
            }
        }
        return started;
    }
}
