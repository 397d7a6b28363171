package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.RunRepository;
import java.util.Optional;

/**
 * The pipeline file a deployment was made from (that of the run it deployed, not the newest: a later push changes
 * settings for later deployments only), and its environment's definition there.
 */
public record DeployedSpec(PipelineSpec spec, Optional<EnvironmentSpec> environment) {

    /** The registry: of environment {@code env} in the pipeline file {@code release} was built with. */
    public static Optional<dev.slipway.pipeline.RegistrySpec> registryOf(Release release, Environment env, String app,
                                                                     RunRepository runs, PipelineFiles files) {
        return runs.find(app, release.run()).flatMap(files::specOf).flatMap(spec -> spec.environment(env.specName()))
                .flatMap(EnvironmentSpec::registry);
    }

    static Optional<DeployedSpec> of(Deployment d, RunRepository runs, EnvironmentRepository environments,
                                     PipelineFiles files) {
        Optional<String> specName = environments.find(d.app(), d.environment()).map(Environment::specName);
        return runs.find(d.app(), d.run()).flatMap(files::specOf)
                .map(spec -> new DeployedSpec(spec, specName.flatMap(spec::environment)));
    }
}
