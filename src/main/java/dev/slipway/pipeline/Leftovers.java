package dev.slipway.pipeline;

import dev.slipway.artifact.ArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs leave on disk when they are cut short (a crash, a removal that failed): job workspaces and
 * half-written artifacts in the store's {@code incoming}, unfinished copies of build caches. They can be large (a
 * workspace holds a whole build), so
 * they are removed at start-up and by a periodic sweep; both log instead of throwing.
 */
public final class Leftovers {
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);
    /** An artifact being stored is written to continuously; one untouched this long is a leftover. */
    static final Duration QUIET = Duration.ofMinutes(10);

    private final Workspaces workspaces;
    private final ArtifactStore artifacts;
    private final BuildCache caches;

    public Leftovers(Workspaces workspaces, ArtifactStore artifacts) {
        this(workspaces, artifacts, null);
    }

    /** {@code caches}: build caches whose unfinished copies are removed too (null: none). */
    public Leftovers(Workspaces workspaces, ArtifactStore artifacts, BuildCache caches) {
        this.workspaces = workspaces;
        this.artifacts = artifacts;
        this.caches = caches;
    }

    /** At start-up, before any job runs or artifact is stored: everything there is a crash's. */
    public void atStart() {
        removed("workspaces left by a crash", workspaces::clearAll);
        removed("unfinished artifact files left by a crash", () -> artifacts.removeLeftovers(Duration.ZERO));
        sweepCaches();
    }

    private void sweepCaches() {
        if (caches != null) {
            removed("unfinished build cache copies (an old one without its cache is put back)", caches::sweep);
        }
    }

    /** For a scheduler: workspaces of jobs not running and artifact files nobody is writing. */
    public void sweep() {
        removed("workspaces of jobs no longer running", workspaces::sweep);
        removed("unfinished artifact files untouched for " + Durations.format(QUIET),
                () -> artifacts.removeLeftovers(QUIET));
        sweepCaches();
    }

    private interface Removal {
        List<Path> remove() throws IOException;
    }

    private static void removed(String what, Removal removal) {
        try {
            List<Path> removed = removal.remove();
            if (!removed.isEmpty()) {
                log.info("removed {} {}: {}", removed.size(), what, removed);
            }
        } catch (IOException | RuntimeException e) {
            log.error("could not remove {}; the sweep tries again later: {}", what, e.toString());
        }
    }
}
