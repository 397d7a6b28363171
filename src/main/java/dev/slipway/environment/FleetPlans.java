package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.FleetSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.RolloutMode;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.target.Target;
import dev.slipway.target.Targets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a deployment runs and how it gets there: the targets bound to its environment, narrowed by the pipeline file
 * the deployment was built with ({@code targets:}), and that file's {@code rollout}, {@code max_unavailable} and
 * {@code converge_interval}. No target: this host.
 */
public final class FleetPlans {

    /** The targets (empty: this host), the rollout mode, how many targets are updated at once, how often to converge. */
    public record Plan(List<Target> targets, RolloutMode mode, int batch, Duration convergeInterval) {
        public Plan {
            targets = List.copyOf(targets);
        }

        public boolean onThisHost() {
            return targets.isEmpty();
        }
    }

    private final DeploymentRepository deployments;
    private final EnvironmentRepository environments;
    private final RunRepository runs;
    private final PipelineFiles files;
    private final TargetNarrowing narrowing;
    private final Targets targets;

    public FleetPlans(DeploymentRepository deployments, EnvironmentRepository environments, RunRepository runs,
                      PipelineFiles files, TargetNarrowing narrowing, Targets targets) {
        this.deployments = deployments;
        this.environments = environments;
        this.runs = runs;
        this.files = files;
        this.narrowing = narrowing;
        this.targets = targets;
    }

    /** The plan of one deployment of an environment, as its own pipeline file and today's bindings say. */
    public Plan of(String app, String environment, long deployment) {
        String specName = environments.find(app, environment).map(Environment::specName).orElse(environment);
        Optional<EnvironmentSpec> spec = deployments.find(app, deployment)
                .flatMap(d -> DeployedSpec.of(d, runs, environments, files)).flatMap(DeployedSpec::environment);
        List<Target> chosen = spec.map(s -> narrowing.chosen(app, s)).orElseGet(() -> targets.targetsFor(app, specName));
        FleetSpec fleet = spec.map(EnvironmentSpec::fleet).orElse(FleetSpec.DEFAULT);
        boolean isProtected = spec.map(EnvironmentSpec::isProtected).orElse("production".equals(specName));
        return new Plan(chosen, fleet.modeFor(isProtected), fleet.batchOf(chosen.size(), isProtected),
                fleet.convergeInterval());
    }
}
