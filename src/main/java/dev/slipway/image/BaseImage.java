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

    /** External when the first segment names a host: it has a '.' or a ':' or is "localhost" (Docker's rule). */
    public boolean isExternal() {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = reference.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }
}
