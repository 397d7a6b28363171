package dev.slipway.artifact;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which commit each artifact was built from. A commit with the same tree as one already built reuses that build's
 * artifact, so what runs can come from an earlier commit than the one promoted: status and history show both.
 */
public final class BuiltFrom {
    private final ArtifactRepository artifacts;

    public BuiltFrom(ArtifactRepository artifacts) {
        this.artifacts = artifacts;
    }

    /** The commit each of the app's artifacts was built from; an artifact with no record (or none) is left out. */
    public Map<Digest, String> commits(String app, Collection<Digest> digests) {
        Map<Digest, String> commits = new HashMap<>();
        for (Digest digest : digests) {
            if (digest != null && !commits.containsKey(digest)) {
                artifacts.find(app, digest).map(Artifact::commit).ifPresent(commit -> commits.put(digest, commit));
            }
        }
        return commits;
    }
}
