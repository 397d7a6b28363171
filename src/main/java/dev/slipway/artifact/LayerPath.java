package dev.slipway.artifact;

import java.util.Objects;

/**
 * Where a workspace path goes in an image: {@code from} relative to the workspace (a trailing '/' on a directory
 * means its contents; wildcards as in artifact paths), {@code to} an absolute path in the image ("/" the root).
 */
public record LayerPath(String from, String to) {
    public LayerPath {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
