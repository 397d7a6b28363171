package dev.slipway.environment;

import dev.slipway.pipeline.ManifestTemplate;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes manifests of a deployment as its commit holds them ({@code deploy: { manifests: DIR }} of the
 * pipeline file it was built with), not yet rendered. None: the target generates a Deployment and a Service from the
 * {@code service:} section.
 */
public interface ManifestSource {
    ManifestSource NONE = (app, environment, deployment) -> List.of();

    /** The templates, in path order; empty when the environment names no manifests directory. */
    List<ManifestTemplate> of(String app, String environment, long deployment);

    /**
     * The release tag the deployment was promoted by ({@code v1.2.0} for a pushed tag), what {@code ${IMAGE_TAG}}
     * names before its digest; empty for any other deployment (then {@code env-<ENV>}).
     */
    default Optional<String> releaseTag(String app, long deployment) {
        return Optional.empty();
    }
}
