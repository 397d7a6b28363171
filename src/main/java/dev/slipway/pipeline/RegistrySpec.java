package dev.slipway.pipeline;

import dev.slipway.image.ImageReference;
import java.util.Objects;
import java.util.Optional;

/**
 * An environment's {@code registry:}: the external repository a version's image is copied to, by digest, when it is
 * deployed there ({@code to}, no tag), and the app-wide secret holding {@code USER:PASSWORD} for it, if it needs one.
 */
public record RegistrySpec(ImageReference to, Optional<String> credentials) {
    public RegistrySpec {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(credentials, "credentials");
        if (to.tag().isPresent() || to.digest().isPresent()) {
            throw new IllegalArgumentException("a registry's 'to' is a repository, without tag or digest: " + to);
        }
    }
}
