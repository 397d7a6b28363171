package dev.slipway.image;

import java.io.IOException;
import java.util.Optional;

/** Reads an image from an external registry into the store: the manifest, its config and layers (by digest). */
@FunctionalInterface
public interface ExternalImages {
    /** {@code credentials}: "user:password" or empty for anonymous. Returns the manifest as the registry sent it. */
    Manifest pull(String reference, Optional<String> credentials) throws ImageException, IOException;
}
