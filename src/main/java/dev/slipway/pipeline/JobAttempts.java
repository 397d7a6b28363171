package dev.slipway.pipeline;

import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.ArtifactException;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.StoredArtifact;
import dev.slipway.image.BaseImage;
import dev.slipway.image.BlobGuard;
import dev.slipway.image.BuiltImage;
import dev.slipway.image.ImageBuilder;
import dev.slipway.image.ImageException;
import dev.slipway.image.ImageRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one job: a fresh workspace with the commit's tree, the steps, the artifact if the job
 * declares one, and the workspace removed afterwards.
 */
public final class JobAttempts {
    private static final Logger log = LoggerFactory.getLogger(JobAttempts.class);

    private final RunRepository runs;
    private final RunLedger ledger;
    private final SourceRepository source;
    private final JobExecutor executor;
    private final ArtifactStore artifacts;
    private final LogStore logs;
    private final Path workRoot;
    private final Clock clock;
    private final BuildCache caches;
    private final ImageBuilder images;
    private final BlobGuard blobGuard;
    private final JobCredentials credentials;
    private final JobSboms sboms;

    public JobAttempts(RunRepository runs, RunLedger ledger, SourceRepository source, JobExecutor executor,
                       ArtifactStore artifacts, LogStore logs, Path workRoot) {
        this(runs, ledger, source, executor, artifacts, logs, workRoot, null);
    }

    /** {@code caches}: where jobs' {@code cache:} directories are kept (null: never kept). */
    public JobAttempts(RunRepository runs, RunLedger ledger, SourceRepository source, JobExecutor executor,
                       ArtifactStore artifacts, LogStore logs, Path workRoot, BuildCache caches) {
        this(runs, ledger, source, executor, artifacts, logs, workRoot, caches, null);
    }

    /** {@code images}: builds the images jobs declare with {@code image:} (null: such jobs fail, saying why). */
    public JobAttempts(RunRepository runs, RunLedger ledger, SourceRepository source, JobExecutor executor,
                       ArtifactStore artifacts, LogStore logs, Path workRoot, BuildCache caches, ImageBuilder images) {
        this(runs, ledger, source, executor, artifacts, logs, workRoot, caches, images, JobCredentials.NONE);
    }

    /** {@code credentials}: what each job gets in its environment while its steps run (the registry's). */
    public JobAttempts(RunRepository runs, RunLedger ledger, SourceRepository source, JobExecutor executor,
                       ArtifactStore artifacts, LogStore logs, Path workRoot, BuildCache caches, ImageBuilder images,
                       JobCredentials credentials) {
        this(runs, ledger, source, executor, artifacts, logs, workRoot, caches, images, credentials, null);
    }

    /**
     * {@code blobGuard}: held while a stored artifact is recorded, so the content store's collector cannot take it
     * (null: no collector runs beside these attempts).
     */
    public JobAttempts(RunRepository runs, RunLedger ledger, SourceRepository source, JobExecutor executor,
                       ArtifactStore artifacts, LogStore logs, Path workRoot, BuildCache caches, ImageBuilder images,
                       JobCredentials credentials, BlobGuard blobGuard) {
        this(runs, ledger, source, executor, artifacts, logs, workRoot, caches, images, credentials, blobGuard, null);
    }

    /** {@code sboms}: keeps the SBOMs jobs declare with {@code sbom:} (null: such jobs fail, saying why). */
    public JobAttempts(RunRepository runs, RunLedger ledger, SourceRepository source, JobExecutor executor,
                       ArtifactStore artifacts, LogStore logs, Path workRoot, BuildCache caches, ImageBuilder images,
                       JobCredentials credentials, BlobGuard blobGuard, JobSboms sboms) {
        this.sboms = sboms;
        this.blobGuard = blobGuard;
        this.images = images;
        this.runs = runs;
        this.ledger = ledger;
        this.source = source;
        this.executor = executor;
        this.artifacts = artifacts;
        this.logs = logs;
        this.workRoot = workRoot;
        this.clock = ledger.clock();
        this.caches = caches;
        this.credentials = credentials;
    }

    public JobState attempt(Run run, int stageIndex, StageSpec stage, JobSpec job, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            runs.moveJob(run.app(), run.number(), job.name(), JobState.QUEUED, JobState.SKIPPED, clock.instant(), null, null);
            return JobState.SKIPPED;
        }
        runs.moveJob(run.app(), run.number(), job.name(), JobState.QUEUED, JobState.RUNNING, clock.instant(), null, null);
        Path workspace = Workspaces.of(workRoot, run, job.name());
        JobExecutor.Outcome outcome;
        try (LogStore.Writer out = logs.open(run.app(), run.number(), stageIndex, job.name())) {
            outcome = runIn(run, stageIndex, stage, job, workspace, out, cancellation);
        } catch (IOException | RuntimeException e) {
            log.error("{} job {} errored", run.label(), job.name(), e);
            outcome = new JobExecutor.Outcome(JobState.ERRORED, null, "Slipway could not run the job: " + e.getMessage());
        } finally {
            deleteQuietly(workspace);
        }
        runs.moveJob(run.app(), run.number(), job.name(), JobState.RUNNING, outcome.state(), clock.instant(),
                outcome.exitCode(), outcome.error());
        return outcome.state();
    }

    private JobExecutor.Outcome runIn(Run run, int stageIndex, StageSpec stage, JobSpec job, Path workspace,
                                      LogStore.Writer out, Cancellation cancellation) throws IOException {
        deleteQuietly(workspace);
        Files.createDirectories(workspace.getParent());
        source.checkout(run.app(), run.commit(), run.branch(), workspace);
        withEarlierArtifact(run, job, workspace, out);
        List<String> passers = PassedFiles.bringIn(workspace, stageIndex);
        if (!passers.isEmpty()) {
            out.note("slipway: copied the files passed by " + String.join(", ", passers) + " into the workspace");
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "SLIPWAY_APP", run.app(),
                "SLIPWAY_COMMIT", run.commit(),
                "SLIPWAY_BRANCH", run.branch(),
                "SLIPWAY_RUN", Long.toString(run.number()),
                "SLIPWAY_WORKSPACE", workspace.toString()));
        JobExecutor.Outcome outcome;
        env.putAll(credentials.issue(run));
        try {
            outcome = executor.execute(new JobExecutor.Context(run, stage, job, workspace, Map.copyOf(env), out,
                    cancellation, caches == null ? JobCache.NONE : caches.forJob(run.app(), job.cachePaths())));
        } finally {
            credentials.revoke(run); // the steps are over: nothing of the job runs on to use them
        }
        if (outcome.state() != JobState.SUCCEEDED) {
            return outcome;
        }
        return passOn(stageIndex, job, workspace, out, sbom(run, job, workspace, out,
                stored(run, job, workspace, out, outcome)));
    }

    /** After the artifact is stored (the SBOM describes it): the job's {@code sbom:} file kept with it. */
    private JobExecutor.Outcome sbom(Run run, JobSpec job, Path workspace, LogStore.Writer out,
                                     JobExecutor.Outcome outcome) throws IOException {
        if (outcome.state() != JobState.SUCCEEDED || job.sbom().isEmpty()) {
            return outcome;
        }
        Optional<String> problem = sboms == null ? Optional.of("this server cannot keep SBOMs; remove 'sbom:'")
                : sboms.keep(runs.find(run.app(), run.number()).orElse(run), job, workspace, out);
        if (problem.isPresent()) {
            out.note("slipway: job '" + job.name() + "': " + problem.get());
            return new JobExecutor.Outcome(JobState.FAILED, outcome.exitCode(), problem.get());
        }
        return outcome;
    }

    /** After the artifact is stored (it may share paths with {@code pass}): the passed paths move out of the workspace. */
    private static JobExecutor.Outcome passOn(int stageIndex, JobSpec job, Path workspace, LogStore.Writer out,
                                              JobExecutor.Outcome outcome) throws IOException {
        if (outcome.state() != JobState.SUCCEEDED || job.passPaths().isEmpty()) {
            return outcome;
        }
        Optional<String> problem = PassedFiles.keep(workspace, stageIndex, job.passPaths());
        if (problem.isPresent()) {
            out.note("slipway: job '" + job.name() + "': " + problem.get());
            return new JobExecutor.Outcome(JobState.FAILED, outcome.exitCode(), problem.get());
        }
        out.note("slipway: passed " + String.join(", ", job.passPaths()) + " to the later stages");
        return outcome;
    }

    private JobExecutor.Outcome stored(Run run, JobSpec job, Path workspace, LogStore.Writer out,
                                       JobExecutor.Outcome outcome) throws IOException {
        if (!job.producesArtifact()) {
            return outcome;
        }
        if (job.producesImage()) {
            return image(run, job, workspace, out, outcome);
        }
        try {
            StoredArtifact stored = artifacts.store(workspace, job.artifactPaths());
            try (BlobGuard.Held held = guarded()) {
                if (!artifacts.exists(stored.digest())) { // collected in the instant before: stored again, guarded now
                    stored = artifacts.store(workspace, job.artifactPaths());
                }
                ledger.artifactStored(new Artifact(run.app(), stored.digest(), run.commit(), run.treeId(),
                        run.pipelineDigest(), run.number(), stored.size(), clock.instant()));
            }
            out.note("slipway: stored artifact " + stored.digest() + " (" + stored.files() + " files, "
                    + stored.size() + " bytes)");
            return outcome;
        } catch (ArtifactException e) {
            out.note("slipway: job '" + job.name() + "': " + e.getMessage());
            return new JobExecutor.Outcome(JobState.FAILED, outcome.exitCode(), e.getMessage());
        }
    }

    /** The job's image, built by Slipway or pushed by the job itself, becomes the run's artifact (its manifest digest). */
    private JobExecutor.Outcome image(Run run, JobSpec job, Path workspace, LogStore.Writer out,
                                      JobExecutor.Outcome outcome) throws IOException {
        ImageRecipe recipe = job.image().orElseThrow();
        if (images == null) {
            String problem = "this server cannot build images; remove 'image:' or use 'artifact:'";
            out.note("slipway: job '" + job.name() + "': " + problem);
            return new JobExecutor.Outcome(JobState.FAILED, outcome.exitCode(), problem);
        }
        try {
            BuiltImage built = recipe.isPushed() ? images.pushedImage(run.app(), run.number(), recipe)
                    : images.build(run.app(), run.number(), run.pushedBy(), workspace, recipe);
            built.base().ifPresent(base -> ledger.builtOn(run.app(), run.number(), built.baseReference(), base));
            ledger.artifactStored(new Artifact(run.app(), built.digest(), run.commit(), run.treeId(),
                    run.pipelineDigest(), run.number(), built.size(), clock.instant()));
            images.tagRun(recipe.repository(run.app()), run.commit(), BranchSlug.of(run.branch()), built.digest());
            out.note("slipway: " + (recipe.isPushed() ? "took the image pushed to " + recipe.repository(run.app())
                    : "built image " + recipe.repository(run.app()) + (built.baseReference().equals(BaseImage.SCRATCH)
                    ? "" : " on " + built.baseReference() + built.base().map(d -> "@" + d).orElse("")))
                    + ": " + built.digest() + " (" + built.layers() + " layers, " + built.size() + " bytes)");
            return outcome;
        } catch (ImageException | ArtifactException e) {
            out.note("slipway: job '" + job.name() + "': " + e.getMessage());
            return new JobExecutor.Outcome(JobState.FAILED, outcome.exitCode(), e.getMessage());
        }
    }

    private BlobGuard.Held guarded() {
        return blobGuard == null ? () -> { } : blobGuard.shared();
    }

    /** Jobs after the artifact job test what was built: the artifact is unpacked over their checkout. */
    private void withEarlierArtifact(Run run, JobSpec job, Path workspace, LogStore.Writer out) throws IOException {
        if (job.producesArtifact()) {
            return;
        }
        Optional<Digest> built = runs.find(run.app(), run.number()).flatMap(Run::artifactDigest);
        if (built.isEmpty()) {
            return;
        }
        if (images != null && images.isImage(run.app(), built.get())) {
            out.note("slipway: the run's artifact is image " + built.get() + "; it is not unpacked into the workspace");
            return;
        }
        Path unpacked = workspace.resolveSibling(workspace.getFileName() + ".artifact");
        deleteQuietly(unpacked);
        try {
            artifacts.unpackUnflushed(built.get(), unpacked); // never flushed: a crash throws the workspace away
            try (Stream<Path> entries = Files.list(unpacked)) {
                for (Path entry : entries.toList()) {
                    Path target = workspace.resolve(entry.getFileName().toString());
                    deleteQuietly(target);
                    Files.move(entry, target);
                }
            }
            out.note("slipway: unpacked artifact " + built.get() + " into the workspace");
        } catch (ArtifactException e) {
            throw new IOException("cannot unpack the run's artifact " + built.get() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(unpacked);
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
