package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The recorded reproducibility checks of each app. */
public interface RebuildRepository {
    /** Records a check RUNNING from {@code at}; returns it with its per-app id. */
    Rebuild start(String app, String commit, long run, Digest artifact, String requestedBy, Instant at);

    /** Compare-and-set from RUNNING to a final outcome; returns whether it moved. */
    boolean finish(String app, long id, RebuildOutcome outcome, Digest rebuilt, List<String> differences,
                   String detail, Instant at);

    /** A RUNNING check begins again (after a restart): its start moves to {@code at}; returns whether it was RUNNING. */
    boolean restart(String app, long id, Instant at);

    Optional<Rebuild> find(String app, long id);

    /** The app's checks, newest first; of one commit only when {@code commitPrefix} is not null. */
    List<Rebuild> list(String app, String commitPrefix, int limit);

    /** The checks of the recorded artifact {@code artifact}, newest first. */
    List<Rebuild> ofArtifact(String app, Digest artifact, int limit);

    /** Every RUNNING check, oldest first (what a restart must take up again). */
    List<Rebuild> unfinished();
}
