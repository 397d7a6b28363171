package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.RestartPolicy;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.ServiceSpec;
import java.util.Optional;

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
        Optional<String> specName = environments.find(d.app(), d.environment()).map(Environment::specName);
        return runs.find(d.app(), d.run()).flatMap(files::specOf).map(spec -> of(spec, specName))
                .orElse(RestartPolicy.DEFAULT);
    }

    private static RestartPolicy of(PipelineSpec spec, Optional<String> specName) {
        Optional<EnvironmentSpec> env = specName.flatMap(spec::environment);
        Optional<RestartPolicy> service = spec.service().map(ServiceSpec::restart);
        return env.flatMap(EnvironmentSpec::restart).or(() -> service).orElse(RestartPolicy.DEFAULT);
    }
}
