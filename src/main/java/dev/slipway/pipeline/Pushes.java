package dev.slipway.pipeline;

import dev.slipway.artifact.ArtifactStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pushed branch commit turns into: a run. The pipeline file is read and checked at push time, so a broken
 * file fails the run at once (and the pusher sees why); a tree already built with the same pipeline file reuses
 * its artifact instead of building again.
 */
public final class Pushes {
    private static final Logger log = LoggerFactory.getLogger(Pushes.class);

    private final RunRepository runs;
    private final RunLedger ledger;
    private final SourceRepository source;
    private final PipelineFiles files;
    private final RunEngine engine;
    private final ArtifactStore store;
    private final RunListener listener;
    private final Clock clock;
    /** Moves the commit-/branch- tags of a reused image to the new commit and branch (null: no images). */
    private final dev.slipway.image.ImageBuilder images;

    /** The run a push made, its pipeline file when valid, and the lines to show the pusher. */
    public record Report(Run run, Optional<PipelineSpec> spec, List<String> messages) {}

    public Pushes(RunRepository runs, RunLedger ledger, SourceRepository source, PipelineFiles files, RunEngine engine,
                  ArtifactStore store, RunListener listener) {
        this(runs, ledger, source, files, engine, store, listener, null);
    }

    public Pushes(RunRepository runs, RunLedger ledger, SourceRepository source, PipelineFiles files, RunEngine engine,
                  ArtifactStore store, RunListener listener, dev.slipway.image.ImageBuilder images) {
        this.images = images;
        this.runs = runs;
        this.ledger = ledger;
        this.clock = ledger.clock();
        this.source = source;
        this.files = files;
        this.engine = engine;
        this.store = store;
        this.listener = listener;
    }

    /** A branch moved to {@code commit} ({@code oldId}: where it was, or null when new). */
    public Report branchPushed(String app, String branch, String oldId, String commit, String pusher) {
        PipelineFile file = files.at(app, commit);
        String treeId = source.treeId(app, commit);
        String pipelineDigest = file.digest().map(Object::toString).orElse(null);
        List<String> messages = new ArrayList<>();
        String where = branch + " @ " + commit.substring(0, 7);
        if (!file.exists()) {
            Run run = failed(app, branch, oldId, commit, treeId, null, pusher,
                    PipelineParser.FILE + ": not found at the repository root of " + commit.substring(0, 7)
                            + ": add a pipeline file (see examples/hello/.slipway.yml)");
            messages.add("run #" + run.number() + " for " + where + " FAILED: " + run.error());
            return new Report(run, Optional.empty(), messages);
        }
        if (file.spec().isEmpty()) {
            String problem = file.problem().orElseThrow();
            Run run = failed(app, branch, oldId, commit, treeId, pipelineDigest, pusher, problem);
            messages.add("run #" + run.number() + " for " + where + " FAILED: invalid pipeline file");
            messages.add(problem);
            messages.add("nothing was built or deployed; fix the file and push again");
            return new Report(run, Optional.empty(), messages);
        }
        PipelineSpec spec = file.spec().get();
        Run run = ledger.create(newRun(app, branch, commit, treeId, pipelineDigest, pusher, jobKeys(spec)),
                "refs/heads/" + branch, oldId);
        Optional<Run> reusable = runs.findReusable(app, treeId, pipelineDigest)
                .filter(r -> r.artifactDigest().map(store::exists).orElse(false));
        if (reusable.isPresent()) {
            Run built = reusable.get();
            Run done = reuse(run, built, spec);
            messages.add("run #" + run.number() + " for " + where + ": same tree and pipeline file as run #"
                    + built.number() + ", reusing artifact " + built.artifact() + " (nothing to build)");
            return new Report(done, Optional.of(spec), messages);
        }
        CompletableFuture<Run> peer = engine.buildOrJoin(run, spec);
        if (peer != null) {
            peer.whenComplete((built, error) -> afterPeer(run, built, spec));
            messages.add("run #" + run.number() + " queued for " + where + ": waits for the run building the same tree "
                    + "and pipeline file, and reuses its artifact");
            messages.add("follow it: slipway logs " + app + " " + run.number() + " -f");
            return new Report(run, Optional.of(spec), messages);
        }
        messages.add("run #" + run.number() + " queued for " + where);
        messages.add("follow it: slipway logs " + app + " " + run.number() + " -f");
        return new Report(run, Optional.of(spec), messages);
    }

    /** The run takes the artifact {@code built} made from the same tree and pipeline file: nothing is built. */
    private Run reuse(Run run, Run built, PipelineSpec spec) {
        ledger.artifactReused(run, built);
        if (images != null && built.artifact() != null) {
            spec.artifactJob().flatMap(JobSpec::image).ifPresent(recipe -> images.tagRun(recipe.repository(run.app()),
                    run.commit(), BranchSlug.of(run.branch()), built.artifact()));
        }
        for (NewRun.JobKey job : jobKeys(spec)) {
            runs.moveJob(run.app(), run.number(), job.name(), JobState.QUEUED, JobState.SKIPPED, clock.instant(), null, null);
        }
        boolean moved = ledger.move(RunLedger.SLIPWAY, run.app(), run.number(), RunState.QUEUED, RunState.SUCCEEDED, null);
        Run done = runs.find(run.app(), run.number()).orElseThrow();
        if (moved) {
            listener.runSucceeded(done, spec);
        }
        return done;
    }

    /** The peer build ended: reuse its artifact, or build after all when it did not produce one. */
    private void afterPeer(Run run, Run built, PipelineSpec spec) {
        try {
            if (built != null && built.state() == RunState.SUCCEEDED && built.artifactDigest().map(store::exists).orElse(false)) {
                reuse(run, built, spec);
            } else {
                CompletableFuture<Run> next = engine.buildOrJoin(run, spec);
                if (next != null) { // yet another run took up the same build meanwhile: wait for that one
                    next.whenComplete((again, error) -> afterPeer(run, again, spec));
                }
            }
        } catch (RuntimeException e) {
            ledger.move(RunLedger.SLIPWAY, run.app(), run.number(), RunState.QUEUED, RunState.ERRORED,
                    "Slipway failed while reusing a peer's artifact: " + e.getMessage());
        }
    }

    private Run failed(String app, String branch, String oldId, String commit, String treeId, String pipelineDigest,
                       String pusher, String error) {
        Run run = ledger.create(newRun(app, branch, commit, treeId, pipelineDigest, pusher, List.of()),
                "refs/heads/" + branch, oldId);
        ledger.move(RunLedger.SLIPWAY, app, run.number(), RunState.QUEUED, RunState.FAILED, error);
        return runs.find(app, run.number()).orElseThrow();
    }

    private NewRun newRun(String app, String branch, String commit, String treeId, String pipelineDigest,
                          String pusher, List<NewRun.JobKey> jobs) {
        return new NewRun(app, branch, commit, treeId, pipelineDigest, pusher, clock.instant(), jobs,
                source.commitTime(app, commit).orElse(null));
    }

    static List<NewRun.JobKey> jobKeys(PipelineSpec spec) {
        List<NewRun.JobKey> keys = new ArrayList<>();
        for (int i = 0; i < spec.stages().size(); i++) {
            StageSpec stage = spec.stages().get(i);
            for (JobSpec job : stage.jobs()) {
                keys.add(new NewRun.JobKey(i, stage.name(), job.name()));
            }
        }
        return keys;
    }

    /**
     * After a restart: every run a crash left unsettled is settled or resumed ({@link RunRecovery}); the newest
     * successful run of each branch gets the deployments a crash may have kept it from. One run that cannot be
     * dealt with is logged and skipped, never the end of the start-up.
     */
    public void recover() {
        new RunRecovery(runs, ledger, files::specOf, engine::submit).run();
        for (Run run : runs.newestSucceededPerBranch()) {
            try {
                files.specOf(run).ifPresent(spec -> listener.recovered(run, spec));
            } catch (RuntimeException e) {
                log.error("{} run #{}: its deployments could not be resumed after the restart: {}", run.app(),
                        run.number(), e.toString());
            }
        }
    }
}
