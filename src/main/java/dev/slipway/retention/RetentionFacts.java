package dev.slipway.retention;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the retention rules read from the records of every concept at once (runs, deployments and their
 * environments, promotions, artifacts, the registry's tags, manifests and links), in one place so that the rules
 * stay one list. Implemented in SQL by the store.
 */
public interface RetentionFacts {
    /**
     * The digests kept for their own sake (an image's blobs follow its manifest): deployed now in any environment
     * (queued, deploying, ready, live or warm); ever live in an environment that is not per-branch; named by a tag
     * other than the server's {@code commit-} tags (those follow their image); the artifacts of the newest
     * {@code keepPerBranch} runs of each branch and of every unfinished run; named by a promotion still under way;
     * runs, artifacts and manifests recorded at or after {@code policy.cutoff(now)}.
     */
    Set<Digest> roots(RetentionPolicy policy, Instant now);

    /**
     * Whether {@code digest} is needed now, re-read just before the collector forgets or deletes it: one of the
     * {@link #roots}, or referenced (config, layer, child) by a manifest recorded under another digest.
     */
    boolean needed(Digest digest, RetentionPolicy policy, Instant now);

    /** Whether any manifest with this digest, or any repository's link to it, is recorded. */
    boolean recorded(Digest digest);

    /** A repository's link to a blob (an upload or mount made it, or a manifest referencing it). */
    record BlobLink(String repository, Digest digest, Instant linkedAt) {}

    /** Every blob link of the registry. */
    List<BlobLink> links();

    /** When the repository's link to the blob was last made, if it exists. */
    Optional<Instant> linkedAt(String repository, Digest digest);

    /**
     * The documents kept with each artifact (its SBOMs): blobs no manifest names, kept exactly while their artifact
     * is; {@link #needed} answers the same for them.
     */
    Map<Digest, Set<Digest>> documents();

    /** The app whose artifact record names each digest (the first by name when several apps share it). */
    Map<Digest, String> artifactApps();
}
