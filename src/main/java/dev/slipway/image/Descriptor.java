package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.util.Objects;

/** What a manifest says of a blob or a child manifest: its media type, digest and size in bytes. */
public record Descriptor(String mediaType, Digest digest, long size) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("a descriptor's size cannot be negative: " + size);
        }
    }
}
