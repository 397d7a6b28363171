package dev.slipway.retention;

import java.time.Instant;
import java.util.List;

/**
 * What one collection deleted (or, for a dry run, would delete): stored blobs and their bytes, the manifests,
 * blob links and artifact records it forgot or marked collected, in total and per app, and how many digests the
 * policy kept.
 */
public record GcReport(boolean dryRun, Instant startedAt, RetentionPolicy policy, int kept, Totals total,
                       List<AppTotals> apps) {
    /** Counts of one collection. {@code artifacts}: run artifacts whose file was deleted (their records stay). */
    public record Totals(int blobs, long bytes, int manifests, int links, int artifacts) {
        static final Totals NONE = new Totals(0, 0, 0, 0, 0);

        Totals plus(Totals other) {
            return new Totals(blobs + other.blobs, bytes + other.bytes, manifests + other.manifests,
                    links + other.links, artifacts + other.artifacts);
        }
    }

    /** {@link Totals} of one app; {@code app} is "(none)" for blobs no record names (an upload never used). */
    public record AppTotals(String app, Totals totals) {}

    public GcReport {
        apps = List.copyOf(apps);
    }
}
