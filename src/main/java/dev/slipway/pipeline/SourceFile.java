package dev.slipway.pipeline;

import java.util.Objects;

/** One file of a commit, read whole: its path from the repository's root and its bytes. */
public record SourceFile(String path, byte[] bytes) {
    public SourceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
    }
}
