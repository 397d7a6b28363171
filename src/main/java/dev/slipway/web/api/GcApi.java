package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.Durations;
import dev.slipway.retention.Gc;
import dev.slipway.retention.GcReport;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;

/** /api/v1/gc: the content store's collector, run now by an admin (or only asked what it would delete). */
public final class GcApi {
    private final Gc gc;

    public GcApi(Gc gc) {
        this.gc = gc;
    }

    record TotalsView(int blobs, long bytes, int manifests, int links, int artifacts) {}

    record AppView(String app, int blobs, long bytes, int manifests, int links, int artifacts) {}

    /** {@code deleted}: what was deleted and forgotten, or with {@code dry_run} what would be. */
    record ReportView(boolean dryRun, String startedAt, int keepPerBranch, String keepAge, int kept, TotalsView deleted,
                      List<AppView> apps) {}

    public void register(Routes routes) {
        routes.post("/api/v1/gc", Permission.global(Role.ADMIN), ctx -> {
            boolean dryRun = dryRun(ctx.queryParam("dry_run"));
            GcReport report = gc.collect(Routes.principal(ctx).user(), dryRun);
            ctx.json(view(report));
        });
    }

    private static boolean dryRun(String raw) {
        if (raw == null || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw Problem.invalid("dry_run must be true or false, got '" + raw + "'");
    }

    private static ReportView view(GcReport r) {
        GcReport.Totals t = r.total();
        return new ReportView(r.dryRun(), Views.time(r.startedAt()), r.policy().keepPerBranch(),
                Durations.format(r.policy().keepAge()), r.kept(),
                new TotalsView(t.blobs(), t.bytes(), t.manifests(), t.links(), t.artifacts()),
                r.apps().stream().map(a -> new AppView(a.app(), a.totals().blobs(), a.totals().bytes(),
                        a.totals().manifests(), a.totals().links(), a.totals().artifacts())).toList());
    }
}
