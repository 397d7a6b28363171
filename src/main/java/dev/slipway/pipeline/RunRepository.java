package dev.slipway.pipeline;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface RunRepository {
    /** Allocates the app's next run number and stores the run QUEUED with its jobs QUEUED, in one transaction. */
    Run create(NewRun run);

    /** Compare-and-set: moves the run only if it is still in {@code from}; returns whether it moved. */
    boolean move(String app, long number, RunState from, RunState to, Instant at, String error);

    /** Records the artifact a run produced (or reused) — before the run is marked SUCCEEDED. */
    void setArtifact(String app, long number, Digest artifact, Long reusedFrom);

    /** Compare-and-set on one job. */
    boolean moveJob(String app, long number, String job, JobState from, JobState to, Instant at, Integer exitCode, String error);

    Optional<Run> find(String app, long number);

    List<Run> list(String app, int limit);

    /** {@link #list(String, int)} of each of {@code apps} (an app without runs maps to an empty list). */
    java.util.Map<String, List<Run>> list(java.util.Collection<String> apps, int limit);

    List<JobRun> jobs(String app, long number);

    /** The newest SUCCEEDED run with an artifact (not deleted by the collector) for this tree and pipeline file, for reuse. */
    Optional<Run> findReusable(String app, String treeId, String pipelineDigest);

    /** Runs of the commits whose id starts with {@code commitPrefix} (a full or abbreviated id), newest first. */
    List<Run> ofCommit(String app, String commitPrefix, int limit);

    /**
     * What a restarting server must settle, oldest first: runs not in a final state, and runs with a job not in a
     * final state (a crash can leave a finished run with a job still RUNNING or QUEUED).
     */
    List<Run> unfinished();

    /** Per (app, branch), the newest run — when it SUCCEEDED with an artifact. */
    List<Run> newestSucceededPerBranch();

    /** Notes on the run something its pusher should know (e.g. an environment it could not deploy to); once per text. */
    void warn(String app, long number, String warning, Instant at);

    /** The warnings of the app's runs numbered {@code from} to {@code to}, each run's in the order they were given. */
    java.util.Map<Long, List<String>> warnings(String app, long from, long to);

    default List<String> warnings(String app, long number) {
        return warnings(app, number, number).getOrDefault(number, List.of());
    }
}
