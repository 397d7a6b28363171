package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway gc [--dry-run]}: an admin runs the content store's collector now, or asks what it would delete. */
@Command(name = "gc", description = "Delete what the retention policy no longer keeps from the content store "
        + "(artifacts and image blobs); admin only", mixinStandardHelpOptions = true)
final class GcCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Option(names = "--dry-run", description = "Only say what would be deleted; delete nothing")
    boolean dryRun;

    record Totals(int blobs, long bytes, int manifests, int links, int artifacts) {}

    record AppTotals(String app, int blobs, long bytes, int manifests, int links, int artifacts) {}

    record Report(boolean dryRun, String startedAt, int keepPerBranch, String keepAge, int kept, Totals deleted,
                  List<AppTotals> apps) {}

    @Override
    public Integer call() {
        ApiClient api = global.api();
        JsonNode body = api.post(ApiClient.withQuery("/api/v1/gc", "dry_run", String.valueOf(dryRun)), null);
        if (json.printed(global.out(), body)) {
            return 0;
        }
        Report report = api.read(body, Report.class);
        Totals t = report.deleted();
        global.out().println((report.dryRun() ? "Would delete " : "Deleted ") + t.blobs() + " blobs ("
                + t.bytes() + " bytes); " + (report.dryRun() ? "would forget " : "forgot ") + t.manifests()
                + " manifests and " + t.links() + " blob links; " + t.artifacts() + " artifacts "
                + (report.dryRun() ? "would be" : "were") + " collected. Kept " + report.kept() + " digests "
                + "(keep-per-branch " + report.keepPerBranch() + ", keep-age " + report.keepAge() + ").");
        if (!report.apps().isEmpty()) {
            Table table = new Table("APP", "BLOBS", "BYTES", "MANIFESTS", "LINKS", "ARTIFACTS");
            for (AppTotals a : report.apps()) {
                table.row(a.app(), String.valueOf(a.blobs()), String.valueOf(a.bytes()), String.valueOf(a.manifests()),
                        String.valueOf(a.links()), String.valueOf(a.artifacts()));
            }
            table.print(global.out());
        }
        if (report.dryRun()) {
            global.out().println("Dry run: nothing was deleted; run `slipway gc` to delete it.");
        }
        return 0;
    }
}
