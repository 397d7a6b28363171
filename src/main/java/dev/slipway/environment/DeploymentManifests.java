package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.ManifestException;
import dev.slipway.pipeline.ManifestTemplate;
import dev.slipway.pipeline.Manifests;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.SourceRepository;
import java.util.List;
import java.util.Optional;

/**
 * A deployment's manifests, read from the commit of the run that built it with that run's pipeline file (the one the
 * push checked), so a later push changes later deployments only. A commit's manifests never change; a read that fails
 * now (the repository lost the commit) fails the deployment with the reason rather than generating objects.
 */
public final class DeploymentManifests implements ManifestSource {
    private final DeploymentRepository deployments;
    private final EnvironmentRepository environments;
    private final RunRepository runs;
    private final PipelineFiles files;
    private final SourceRepository source;
    private final java.util.function.Function<Deployment, Optional<String>> releaseTags;

    /** {@code releaseTags}: the tag a deployment was promoted by, if a pushed tag promoted it. */
    public DeploymentManifests(DeploymentRepository deployments, EnvironmentRepository environments, RunRepository runs,
                               PipelineFiles files, SourceRepository source,
                               java.util.function.Function<Deployment, Optional<String>> releaseTags) {
        this.releaseTags = releaseTags;
        this.deployments = deployments;
        this.environments = environments;
        this.runs = runs;
        this.files = files;
        this.source = source;
    }

    @Override
    public List<ManifestTemplate> of(String app, String environment, long deployment) {
        Optional<Deployment> d = deployments.find(app, deployment);
        if (d.isEmpty()) {
            return List.of();
        }
        Optional<EnvironmentSpec> spec = DeployedSpec.of(d.get(), runs, environments, files)
                .flatMap(DeployedSpec::environment);
        if (spec.flatMap(EnvironmentSpec::deploy).isEmpty()) {
            return List.of();
        }
        Run run = runs.find(app, d.get().run()).orElseThrow();
        try {
            return Manifests.read(source, app, run.commit(), spec.get());
        } catch (ManifestException e) {
            throw new IllegalStateException("the manifests of deployment #" + deployment + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> releaseTag(String app, long deployment) {
        return deployments.find(app, deployment).filter(d -> d.trigger() == DeploymentTrigger.TAG)
                .flatMap(releaseTags);
    }
}
