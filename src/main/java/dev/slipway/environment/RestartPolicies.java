package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.RestartPolicy;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.ServiceSpec;

/**
 * What the {@link Supervisor} does when a deployment's service stops: {@code restart} of its environment in the
 * pipeline file of the run it deployed, else of that file's {@code service}, else on-failure — as
 * {@link WatchWindows} reads {@code watch}.
 */
public final class RestartPolicies {
    private final RunRepository runs;
    private final EnvironmentRepository environments;
    private final PipelineFiles files;

    public RestartPolicies(RunRepository runs, EnvironmentRepository environments, PipelineFiles files) {
        this.runs = runs;
        this.environments = environments;
        this.files = files;
    }

    public RestartPolicy of(Deployment d) {
        return DeployedSpec.of(d, runs, environments, files)
                .flatMap(deployed -> deployed.environment().flatMap(EnvironmentSpec::restart)
                        .or(() -> deployed.spec().service().map(ServiceSpec::restart)))
                .orElse(RestartPolicy.DEFAULT);
    }
}
