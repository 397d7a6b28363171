package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.RegistrySpec;

/**
 * Copies a deployed version's image, by digest, to the external registry its environment names
 * ({@code registry:}), before the service starts: the copy is part of the deployment, and its failure fails it.
 */
@FunctionalInterface
public interface ImageCopies {
    /** No copies: a deployer without a registry client (tests of other things). */
    ImageCopies NONE = (app, digest, registry, environment) -> { };

    /**
     * Copies the image {@code digest} of {@code app} to {@code registry.to()}, tagged {@code env-<environment>}; an
     * artifact that is not an image is left alone.
     *
     * @throws DeployFailedException with the registry's own words when it refused or could not be reached
     */
    void copy(String app, Digest digest, RegistrySpec registry, String environment) throws DeployFailedException;
}
