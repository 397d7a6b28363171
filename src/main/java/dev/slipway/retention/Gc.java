package dev.slipway.retention;

import dev.slipway.Problem;
import dev.slipway.artifact.ArtifactRepository;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.audit.AuditLog;
import dev.slipway.image.BlobGuard;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.StoredManifest;
import dev.slipway.pipeline.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The content store's collector. Mark: the policy's kept set as of the moment the mark began ({@link Retention}).
 * Sweep: each manifest and blob link nothing keeps is forgotten, then each stored blob nothing keeps is deleted —
 * every one re-checked under the {@link BlobGuard}'s exclusive side against what is recorded by then, so a push,
 * tag, build or deployment that happened after the mark keeps what it references; blobs stored (or stored again)
 * after the cutoff are never touched, nor uploads in progress (they are not in the store yet). An artifact whose
 * file is deleted keeps its record, marked collected. Each collection is audited ({@code store.collected}).
 */
public final class Gc {
    static final String COLLECTED = "store.collected";

    private final Retention retention;
    private final ImageRepository images;
    private final ArtifactRepository artifacts;
    private final ArtifactStore store;
    private final BlobGuard guard;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable betweenMarkAndSweep;
    private final ReentrantLock running = new ReentrantLock();

    /** {@code betweenMarkAndSweep}: runs once the mark is done and before anything is forgotten (tests pause there). */
    public Gc(Retention retention, ImageRepository images, ArtifactRepository artifacts, ArtifactStore store,
              BlobGuard guard, AuditLog audit, Clock clock, Runnable betweenMarkAndSweep) {
        this.retention = retention;
        this.images = images;
        this.artifacts = artifacts;
        this.store = store;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
        this.betweenMarkAndSweep = betweenMarkAndSweep;
    }

    public Gc(Retention retention, ImageRepository images, ArtifactRepository artifacts, ArtifactStore store,
              BlobGuard guard, AuditLog audit, Clock clock) {
        this(retention, images, artifacts, store, guard, audit, clock, () -> { });
    }

    /** One collection by {@code actor}; a dry run changes nothing and answers what a real one would delete now. */
    public GcReport collect(String actor, boolean dryRun) {
        if (!running.tryLock()) {
            throw Problem.conflict("a collection is already running; run `slipway gc` again once it has finished");
        }
        try {
            Mark mark = retention.mark(clock.instant());
            if (dryRun) {
                return report(true, mark, wouldDelete(mark));
            }
            betweenMarkAndSweep.run();
            Map<String, GcReport.Totals> done = sweep(mark);
            GcReport report = report(false, mark, done);
            GcReport.Totals t = report.total();
            audit.record(actor, COLLECTED, null, "content store", null, t.blobs() + " blobs deleted (" + t.bytes()
                    + " bytes), " + t.manifests() + " manifests and " + t.links() + " blob links forgotten, "
                    + t.artifacts() + " artifacts marked collected; kept " + report.kept() + " digests ("
                    + "keep-per-branch " + retention.policy().keepPerBranch() + ", keep-age "
                    + Durations.format(retention.policy().keepAge()) + ")");
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("the content store could not be read or changed: " + e.getMessage(), e);
        } finally {
            running.unlock();
        }
    }

    private Map<String, GcReport.Totals> wouldDelete(Mark mark) {
        Map<String, GcReport.Totals> apps = new TreeMap<>();
        Set<Digest> recordedArtifacts = mark.artifacts();
        mark.manifests().forEach(m -> add(apps, m.app(), new GcReport.Totals(0, 0, 1, 0, 0)));
        mark.links().forEach(l -> add(apps, StoredManifest.appOf(l.repository()), new GcReport.Totals(0, 0, 0, 1, 0)));
        mark.blobs().forEach(b -> add(apps, b.app(), new GcReport.Totals(1, b.size(), 0, 0,
                recordedArtifacts.contains(b.digest()) ? 1 : 0)));
        return apps;
    }

    private Map<String, GcReport.Totals> sweep(Mark mark) throws IOException {
        Map<String, GcReport.Totals> apps = new TreeMap<>();
        Set<Digest> recordedArtifacts = mark.artifacts();
        for (StoredManifest manifest : mark.manifests()) {
            try (BlobGuard.Held held = guard.exclusive()) {
                if (!retention.needed(manifest.digest(), clock.instant())) {
                    images.deleteManifest(manifest.repository(), manifest.digest());
                    // only commit- tags can still name it (any other tag keeps it): they go with their image
                    images.tags(manifest.repository()).stream().filter(t -> t.digest().equals(manifest.digest()))
                            .forEach(t -> images.deleteTag(t.repository(), t.tag()));
                    add(apps, manifest.app(), new GcReport.Totals(0, 0, 1, 0, 0));
                }
            }
        }
        for (RetentionFacts.BlobLink link : mark.links()) {
            try (BlobGuard.Held held = guard.exclusive()) {
                boolean relinked = retention.linkedAt(link).map(at -> !at.isBefore(mark.cutoff())).orElse(false);
                if (!relinked && !retention.needed(link.digest(), clock.instant())) {
                    images.unlinkBlob(link.repository(), link.digest());
                    add(apps, StoredManifest.appOf(link.repository()), new GcReport.Totals(0, 0, 0, 1, 0));
                }
            }
        }
        for (Mark.Blob blob : mark.blobs()) {
            try (BlobGuard.Held held = guard.exclusive()) {
                if (deletable(blob.digest(), mark.cutoff()) && store.delete(blob.digest())) {
                    boolean artifact = recordedArtifacts.contains(blob.digest());
                    if (artifact) {
                        artifacts.markCollected(blob.digest(), clock.instant());
                    }
                    add(apps, blob.app(), new GcReport.Totals(1, blob.size(), 0, 0, artifact ? 1 : 0));
                }
            }
        }
        return apps;
    }

    /**
     * Called with the guard held: nothing recorded since needs it, and it is still stored before the cutoff — read
     * last, just before the deletion, as a builder that stores it again (outside the guard) makes it new.
     */
    private boolean deletable(Digest digest, Instant cutoff) throws IOException {
        return !retention.recorded(digest) && !retention.needed(digest, clock.instant())
                && retention.storedBefore(digest, cutoff);
    }

    private GcReport report(boolean dryRun, Mark mark, Map<String, GcReport.Totals> apps) {
        GcReport.Totals total = apps.values().stream().reduce(GcReport.Totals.NONE, GcReport.Totals::plus);
        return new GcReport(dryRun, mark.startedAt(), retention.policy(), mark.kept().size(), total,
                apps.entrySet().stream().map(e -> new GcReport.AppTotals(e.getKey(), e.getValue())).toList());
    }

    private static void add(Map<String, GcReport.Totals> apps, String app, GcReport.Totals more) {
        apps.merge(app, more, GcReport.Totals::plus);
    }
}
