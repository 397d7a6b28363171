package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.RunRepository;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the {@link Watchdog} watches a deployment that went live: the {@code watch} of its environment in the
 * pipeline file of the run it deployed, not the newest file (a later push may change it for later deployments only).
 * Empty when the file says nothing, so the watchdog's default applies.
 */
public final class WatchWindows {
    private final RunRepository runs;
    private final EnvironmentRepository environments;
    private final PipelineFiles files;

    public WatchWindows(RunRepository runs, EnvironmentRepository environments, PipelineFiles files) {
        this.runs = runs;
        this.environments = environments;
        this.files = files;
    }

    public Optional<Duration> of(Deployment d) {
        return DeployedSpec.of(d, runs, environments, files).flatMap(DeployedSpec::environment)
                .flatMap(EnvironmentSpec::watch);
    }
}
