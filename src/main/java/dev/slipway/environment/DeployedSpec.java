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
record DeployedSpec(PipelineSpec spec, Optional<EnvironmentSpec> environment) {

    static Optional<DeployedSpec> of(Deployment d, RunRepository runs, EnvironmentRepository environments,
                                     PipelineFiles files) {
        Optional<String> specName = environments.find(d.app(), d.environment()).map(Environment::specName);
        return runs.find(d.app(), d.run()).flatMap(files::specOf)
                .map(spec -> new DeployedSpec(spec, specName.flatMap(spec::environment)));
    }
}
