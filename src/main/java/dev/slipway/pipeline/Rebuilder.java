package dev.slipway.pipeline;

import dev.slipway.artifact.ArtifactException;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.StoredArtifact;
import dev.slipway.artifact.TarDifferences;
import dev.slipway.image.ImageBuilder;
import dev.slipway.image.ImageRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a recorded run's commit again, as a run would but from nothing: every job of the stages before the artifact
 * job's, then the artifact job alone, each in a fresh checkout with only what earlier stages passed (from this
 * rebuild), no {@code cache:} directories ({@link JobCache#NONE}), no registry credentials; the artifact packed by the
 * same {@link ArtifactStore#store} (an image's layer: {@link ArtifactStore#storeLayer}) into a scratch store, compared with the recorded one, then deleted.
 */
final class Rebuilder {
    /** What one rebuild came to. */
    record Result(RebuildOutcome outcome, Digest rebuilt, List<String> differences, String detail) {
        static Result failed(String detail) {
            return new Result(RebuildOutcome.FAILED, null, List.of(), detail);
        }
    }

    private final SourceRepository source;
    private final JobExecutor executor;
    private final ArtifactStore recorded;
    private final ArtifactStore scratch;
    private final LogStore logs;
    private final Path workRoot;
    private final ImageBuilder images;

    /** {@code images}: where a built image's own layer is found (null: image artifacts cannot be compared). */
    Rebuilder(SourceRepository source, JobExecutor executor, ArtifactStore recorded, ArtifactStore scratch,
              LogStore logs, Path workRoot, ImageBuilder images) {
        this.images = images;
        this.source = source;
        this.executor = executor;
        this.recorded = recorded;
        this.scratch = scratch;
        this.logs = logs;
        this.workRoot = workRoot;
    }

    /** Where the rebuilds' workspaces live: removed whole at start-up, before any rebuild runs. */
    Path workRoot() {
        return workRoot;
    }

    /** Empties the scratch store of what a stop left in it (at start-up, before any rebuild runs). */
    void clearScratch() throws IOException {
        for (Digest digest : scratch.list()) {
            scratch.delete(digest);
        }
        scratch.removeLeftovers(Duration.ZERO);
    }

    Result rebuild(Rebuild rebuild, Run run, PipelineSpec spec, Cancellation cancellation) throws IOException {
        JobSpec artifactJob = spec.artifactJob().orElse(null);
        if (artifactJob == null) {
            return Result.failed("the pipeline file at " + run.commit() + " declares no artifact job");
        }
        if (artifactJob.image().map(ImageRecipe::isPushed).orElse(false)) {
            return Result.failed("the artifact of " + run.commit() + " is an image the job pushed itself: Slipway "
                    + "cannot rebuild what it did not build");
        }
        if (!recorded.exists(rebuild.artifact())) {
            return Result.failed("the recorded artifact " + rebuild.artifact() + " is no longer in the store "
                    + "(collected): there is nothing to compare with");
        }
        Path root = workRoot.resolve(run.app()).resolve(Long.toString(rebuild.id()));
        JobAttempts.deleteQuietly(root);
        try {
            for (int i = 0; i < spec.stages().size(); i++) {
                StageSpec stage = spec.stages().get(i);
                boolean last = stage.jobs().contains(artifactJob);
                for (JobSpec job : last ? List.of(artifactJob) : stage.jobs()) {
                    Optional<String> failed = runJob(rebuild, run, i, stage, job, root.resolve(job.name()), cancellation);
                    if (failed.isPresent()) {
                        return Result.failed(stage.name() + "/" + job.name() + ": " + failed.get());
                    }
                    if (job == artifactJob) {
                        return compared(rebuild, run, root.resolve(job.name()), job);
                    }
                }
            }
            return Result.failed("the artifact job was not found among the stages");
        } finally {
            JobAttempts.deleteQuietly(root);
        }
    }

    private Optional<String> runJob(Rebuild rebuild, Run run, int stageIndex, StageSpec stage, JobSpec job,
                                    Path workspace, Cancellation cancellation) throws IOException {
        Files.createDirectories(workspace.getParent());
        source.checkout(run.app(), run.commit(), run.branch(), workspace);
        PassedFiles.bringIn(workspace, stageIndex);
        Map<String, String> env = new HashMap<>(Map.of(
                "SLIPWAY_APP", run.app(),
                "SLIPWAY_COMMIT", run.commit(),
                "SLIPWAY_BRANCH", run.branch(),
                "SLIPWAY_RUN", Long.toString(run.number()),
                "SLIPWAY_WORKSPACE", workspace.toString(),
                "SLIPWAY_REBUILD", Long.toString(rebuild.id())));
        JobExecutor.Outcome outcome;
        try (LogStore.Writer out = logs.open(run.app(), rebuild.id(), stageIndex, job.name())) {
            out.note("slipway: rebuild #" + rebuild.id() + " of " + run.commit() + " (no caches, nothing reused)");
            outcome = executor.execute(new JobExecutor.Context(run, stage, job, workspace, Map.copyOf(env), out,
                    cancellation, JobCache.NONE));
            if (outcome.state() == JobState.SUCCEEDED && !job.producesArtifact() && !job.passPaths().isEmpty()) {
                Optional<String> problem = PassedFiles.keep(workspace, stageIndex, job.passPaths());
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        if (outcome.state() != JobState.SUCCEEDED) {
            return Optional.of(outcome.state() + (outcome.error() == null ? "" : ": " + outcome.error()));
        }
        return Optional.empty();
    }

    /**
     * The rebuilt tar goes to the scratch store only to be compared: it is deleted whatever the outcome. An image is
     * compared by the layer Slipway adds over the base (the rest — base, config, manifest — follows from the recipe):
     * SAME gives the recorded image's digest, DIFFERENT the rebuilt layer's.
     */
    private Result compared(Rebuild rebuild, Run run, Path workspace, JobSpec job) throws IOException {
        Optional<ImageRecipe> recipe = job.image();
        Digest expected = rebuild.artifact();
        if (recipe.isPresent()) {
            Optional<Digest> layer = images == null || recipe.get().files().isEmpty() ? Optional.empty()
                    : images.ownLayer(run.app(), rebuild.artifact());
            if (layer.isEmpty() || !recorded.exists(layer.get())) {
                return Result.failed("image " + rebuild.artifact() + " has no layer of its own in the store to compare with");
            }
            expected = layer.get();
        }
        StoredArtifact stored;
        try {
            stored = recipe.isPresent() ? scratch.storeLayer(workspace, recipe.get().files())
                    : scratch.store(workspace, job.artifactPaths());
        } catch (ArtifactException e) {
            return Result.failed(job.name() + ": " + e.getMessage());
        }
        try {
            if (stored.digest().equals(expected)) {
                return new Result(RebuildOutcome.SAME, rebuild.artifact(), List.of(), null);
            }
            List<String> differences = TarDifferences.between(recorded.path(expected), scratch.path(stored.digest()));
            return new Result(RebuildOutcome.DIFFERENT, stored.digest(), differences, null);
        } finally {
            scratch.delete(stored.digest());
        }
    }
}
