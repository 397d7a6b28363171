package dev.slipway.pipeline;

import dev.slipway.Background;
import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import dev.slipway.image.ImageBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reproducibility checks (`slipway rebuild APP COMMIT`, an environment's {@code require: [reproducible]}): the commit
 * of a recorded artifact is built again from nothing ({@link Rebuilder}) and the digests compared. Nothing of the
 * rebuild is kept but its record and one {@code rebuild.started} / {@code rebuild.finished} audit pair: no artifact,
 * no tag, no deployment. Rebuilds run one at a time on their own thread; a restart takes up the unfinished ones again.
 */
public final class Rebuilds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final int RUNS_PER_COMMIT = 100;

    private final RebuildRepository rebuilds;
    private final RunRepository runs;
    private final PipelineFiles files;
    private final Rebuilder rebuilder;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService worker;
    private final Map<String, Cancellation> active = new ConcurrentHashMap<>();
    private final List<Consumer<Rebuild>> listeners = new CopyOnWriteArrayList<>();

    /**
     * {@code scratch}: a store of its own where rebuilt tars are written to be compared and deleted; {@code logs}: the
     * rebuilds' job logs; {@code workRoot}: their workspaces; {@code worker}: one thread, so rebuilds queue;
     * {@code images}: where a built image's own layer is found (null: image artifacts cannot be compared).
     */
    public Rebuilds(RebuildRepository rebuilds, RunRepository runs, PipelineFiles files, SourceRepository source,
                    JobExecutor executor, ArtifactStore store, ArtifactStore scratch, LogStore logs, Path workRoot,
                    Transactions transactions, AuditLog audit, Clock clock, ExecutorService worker,
                    ImageBuilder images) {
        this.rebuilds = rebuilds;
        this.runs = runs;
        this.files = files;
        this.rebuilder = new Rebuilder(source, executor, store, scratch, logs, workRoot, images);
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.worker = worker;
    }

    /** Told of every rebuild that finished (the promotion gate re-evaluates what waited for it). */
    public void onFinished(Consumer<Rebuild> listener) {
        listeners.add(listener);
    }

    /**
     * Starts a rebuild of the commit {@code commit} (full or abbreviated) of {@code app}; one already under way for it
     * is returned instead of starting a second.
     */
    public Rebuild start(String actor, String app, String commit) {
        return start(actor, app, commit, null);
    }

    /** {@link #start(String, String, String)} of the artifact {@code artifact} of the commit (null: its newest). */
    public Rebuild start(String actor, String app, String commit, Digest artifact) {
        Run built = builtRun(app, commit, artifact);
        Optional<Rebuild> running = rebuilds.list(app, built.commit(), 1).stream()
                .filter(r -> r.outcome() == RebuildOutcome.RUNNING && r.artifact().equals(built.artifact())
                        && active.containsKey(key(r)))
                .findFirst();
        if (running.isPresent()) {
            return running.get();
        }
        Rebuild started = transactions.inTransaction(() -> {
            Rebuild r = rebuilds.start(app, built.commit(), built.number(), built.artifact(), actor, clock.instant());
            audit.record(actor, "rebuild.started", app, "rebuild #" + r.id(), null,
                    built.commit() + " (artifact " + built.artifact() + " of run #" + built.number() + ")");
            return r;
        });
        submit(started);
        return started;
    }

    /** The newest check of {@code artifact} built from {@code commit}, if any. */
    public Optional<Rebuild> latest(String app, String commit, Digest artifact) {
        return rebuilds.list(app, commit, 20).stream().filter(r -> r.artifact().equals(artifact)).findFirst();
    }

    /** Whether the rebuild is being worked on (or queued) by this process; a RUNNING record that is not was cut off. */
    public boolean isActive(Rebuild rebuild) {
        return active.containsKey(key(rebuild));
    }

    public Rebuild find(String app, long id) {
        return rebuilds.find(app, id).orElseThrow(() -> Problem.notFound("rebuild #" + id + " of app '" + app
                + "' does not exist: list them with GET /api/v1/apps/" + app + "/rebuilds"));
    }

    /** The app's checks, newest first; of one commit (full or abbreviated) when {@code commit} is not null. */
    public List<Rebuild> list(String app, String commit, int limit) {
        if (commit != null && !commit.matches("[0-9a-f]{4,40}")) {
            throw Problem.invalid("'" + commit + "' is not a commit id: give 4 to 40 lower-case hex digits");
        }
        return rebuilds.list(app, commit, limit);
    }

    /** The checks of one recorded artifact, newest first. */
    public List<Rebuild> ofArtifact(String app, Digest artifact) {
        return rebuilds.ofArtifact(app, artifact, 20);
    }

    /**
     * After a restart, before promotions are evaluated: the rebuilds a stop cut off start again from nothing (their
     * workspaces are gone with the old process), so a promotion waiting for one is never left waiting.
     */
    public void recover() {
        JobAttempts.deleteQuietly(rebuilder.workRoot());
        try {
            rebuilder.clearScratch();
        } catch (IOException e) {
            log.warn("cannot empty the rebuilds' scratch store: {}", e.getMessage());
        }
        for (Rebuild r : rebuilds.unfinished()) {
            try {
                if (rebuilds.restart(r.app(), r.id(), clock.instant())) {
                    log.info("{}: rebuild #{} of {} was cut off by a restart; starting it again", r.app(), r.id(), r.commit());
                    submit(rebuilds.find(r.app(), r.id()).orElseThrow());
                }
            } catch (RuntimeException e) {
                log.error("{}: rebuild #{} could not be started again", r.app(), r.id(), e);
            }
        }
    }

    private Run builtRun(String app, String commit, Digest artifact) {
        if (commit == null || !commit.matches("[0-9a-f]{4,40}")) {
            throw Problem.invalid("'" + commit + "' is not a commit id: give 4 to 40 lower-case hex digits "
                    + "(see `slipway runs " + app + "`)");
        }
        List<Run> ofCommit = runs.ofCommit(app, commit, RUNS_PER_COMMIT);
        if (ofCommit.isEmpty()) {
            throw Problem.notFound("commit " + commit + " of app '" + app + "' has no run, so no artifact to "
                    + "rebuild: push it first, or pick a commit from `slipway runs " + app + "`");
        }
        if (ofCommit.stream().map(Run::commit).distinct().count() > 1) {
            throw Problem.conflict("commit " + commit + " of app '" + app + "' is ambiguous: give more digits");
        }
        return ofCommit.stream().filter(r -> r.state() == RunState.SUCCEEDED && r.artifact() != null
                        && (artifact == null || r.artifact().equals(artifact))).findFirst()
                .orElseThrow(() -> Problem.conflict("commit " + ofCommit.get(0).commit() + " of app '" + app
                        + "' has no recorded artifact (its newest run #" + ofCommit.get(0).number() + " is "
                        + ofCommit.get(0).state() + "): only a commit whose run built or reused an artifact can "
                        + "be rebuilt"));
    }

    private void submit(Rebuild rebuild) {
        Cancellation cancellation = new Cancellation();
        active.put(key(rebuild), cancellation);
        try {
            worker.execute(() -> work(rebuild, cancellation));
        } catch (RejectedExecutionException stopping) {
            active.remove(key(rebuild)); // Slipway is stopping: recover() starts it again on the next start
        }
    }

    private void work(Rebuild rebuild, Cancellation cancellation) {
        Rebuilder.Result result;
        try {
            Optional<Run> run = runs.find(rebuild.app(), rebuild.run());
            Optional<PipelineSpec> spec = run.flatMap(files::specOf);
            result = run.isEmpty() || spec.isEmpty()
                    ? Rebuilder.Result.failed("the pipeline file of run #" + rebuild.run() + " can no longer be read")
                    : rebuilder.rebuild(rebuild, run.get(), spec.get(), cancellation);
        } catch (IOException | RuntimeException e) {
            log.error("{}: rebuild #{} errored", rebuild.app(), rebuild.id(), e);
            result = Rebuilder.Result.failed("Slipway could not rebuild: " + e.getMessage());
        }
        if (cancellation.isCancelled()) {
            active.remove(key(rebuild)); // stopping: the record stays RUNNING and recover() starts it again
            return;
        }
        try {
            finish(rebuild, result);
        } finally {
            active.remove(key(rebuild));
        }
        rebuilds.find(rebuild.app(), rebuild.id()).ifPresent(this::announce);
    }

    private void finish(Rebuild rebuild, Rebuilder.Result result) {
        transactions.run(() -> {
            if (rebuilds.finish(rebuild.app(), rebuild.id(), result.outcome(), result.rebuilt(), result.differences(),
                    result.detail(), clock.instant())) {
                String after = switch (result.outcome()) {
                    case SAME -> "SAME " + result.rebuilt();
                    case DIFFERENT -> "DIFFERENT " + result.rebuilt() + ": " + result.differences().size()
                            + " entries differ";
                    default -> result.outcome() + ": " + RunLedger.firstLine(String.valueOf(result.detail()));
                };
                audit.record(RunLedger.SLIPWAY, "rebuild.finished", rebuild.app(), "rebuild #" + rebuild.id(),
                        RebuildOutcome.RUNNING.name(), after);
            }
        });
    }

    private void announce(Rebuild finished) {
        for (Consumer<Rebuild> listener : listeners) {
            try {
                listener.accept(finished);
            } catch (RuntimeException e) {
                log.error("a listener failed on rebuild #{} of {}", finished.id(), finished.app(), e);
            }
        }
    }

    /** Stops: a rebuild under way is cancelled (its job stopped) and stays RUNNING, to start again on the next start. */
    @Override
    public void close() {
        active.values().forEach(Cancellation::cancel);
        Background.stop("rebuilds", worker);
    }

    private static String key(Rebuild r) {
        return r.app() + "#" + r.id();
    }
}
