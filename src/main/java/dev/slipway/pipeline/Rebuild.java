package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One reproducibility check of a commit: the artifact recorded for it ({@code artifact}, built by run {@code run})
 * and the digest the same commit gave when built again in a fresh workspace ({@code rebuilt}, empty unless it built).
 * {@code differences}: the tar entries that differ ("dist/BUILD_ID: content differs"), when DIFFERENT; {@code detail}:
 * why it FAILED.
 */
public record Rebuild(
        String app,
        long id,
        String commit,
        long run,
        Digest artifact,
        Digest rebuilt,
        RebuildOutcome outcome,
        List<String> differences,
        String detail,
        String requestedBy,
        Instant startedAt,
        Instant finishedAt) {

    public Rebuild {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(outcome, "outcome");
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    public Optional<Digest> rebuiltDigest() {
        return Optional.ofNullable(rebuilt);
    }

    public Optional<Instant> finished() {
        return Optional.ofNullable(finishedAt);
    }

    /** One line a person reads: "rebuild #3 of 1a2b3c4: SAME (sha256:…)". */
    public String summary() {
        String head = "rebuild #" + id + " of " + commit.substring(0, Math.min(7, commit.length())) + ": " + outcome;
        return switch (outcome) {
            case RUNNING -> head + " (started " + startedAt + ")";
            case SAME -> head + ", " + artifact + " built again byte for byte";
            case DIFFERENT -> head + ": recorded " + artifact + ", rebuilt " + rebuilt + "; "
                    + String.join("; ", differences);
            case FAILED -> head + ": " + detail;
        };
    }
}
