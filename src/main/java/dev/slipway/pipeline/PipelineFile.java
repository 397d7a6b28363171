package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline file at one commit: missing, invalid ({@code problem} is the parser's message: where and what), or
 * parsed. {@code digest} is of the file's bytes, so two commits with the same file have the same digest.
 */
public record PipelineFile(Optional<Digest> digest, Optional<PipelineSpec> spec, Optional<String> problem) {
    public PipelineFile {
        Objects.requireNonNull(digest);
        Objects.requireNonNull(spec);
        Objects.requireNonNull(problem);
        if (digest.isEmpty() && (spec.isPresent() || problem.isPresent())
                || digest.isPresent() && spec.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("a pipeline file is missing, invalid or parsed: one of the three");
        }
    }

    static PipelineFile missing() {
        return new PipelineFile(Optional.empty(), Optional.empty(), Optional.empty());
    }

    static PipelineFile invalid(Digest digest, String problem) {
        return new PipelineFile(Optional.of(digest), Optional.empty(), Optional.of(problem));
    }

    static PipelineFile parsed(Digest digest, PipelineSpec spec) {
        return new PipelineFile(Optional.of(digest), Optional.of(spec), Optional.empty());
    }

    public boolean exists() {
        return digest.isPresent();
    }
}
