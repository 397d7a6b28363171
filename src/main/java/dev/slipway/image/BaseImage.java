package dev.slipway.image;

import java.util.Objects;
import java.util.Optional;

/**
 * The image an image is built on: {@code scratch} (nothing), an image of an app in this Slipway ({@code APP[/NAME]}
 * with {@code :TAG} or {@code @sha256:…}, no registry host), or one in an external registry
 * ({@code HOST[:PORT]/NAME:TAG} or {@code …@sha256:…}), read with the user:password of an app-wide secret if named.
 */
public record BaseImage(String reference, Optional<String> credentials) {
    public static final String SCRATCH = "scratch";

    public BaseImage {
        Objects.requireNonNull(reference, "reference");
        credentials = credentials == null ? Optional.empty() : credentials;
    }

    public static BaseImage scratch() {
        return new BaseImage(SCRATCH, Optional.empty());
    }

    public boolean isScratch() {
        return reference.equals(SCRATCH);
    }

    /** The reference read ({@link ImageReference#parseBase}); not for scratch. */
    public ImageReference parsed() {
        return ImageReference.parseBase(reference);
    }

    /** External when the first segment names a registry host (Docker's rule: a '.', a ':PORT' or "localhost"). */
    public boolean isExternal() {
        return !isScratch() && !parsed().isLocal();
    }
}
