package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.util.Objects;

/** What a deployment puts into service: the artifact, the commit it was built from and the run that built it. */
public record Release(Digest digest, String commit, long run) {
    public Release {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(commit, "commit");
    }

    /** What {@code deployment} served, to put back. */
    public static Release of(Deployment deployment) {
        return new Release(deployment.digest(), deployment.commit(), deployment.run());
    }
}
