package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway rebuilds APP [--commit C]}: the app's reproducibility checks, newest first, with what differed. */
@Command(name = "rebuilds", description = "List an app's reproducibility checks (`slipway rebuild`, "
        + "`require: [reproducible]`), newest first, with the entries that differed", mixinStandardHelpOptions = true)
final class RebuildsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Option(names = "--commit", paramLabel = "COMMIT", description = "Only the checks of this commit (full or abbreviated)")
    String commit;

    @Option(names = "--limit", description = "How many (default 50)")
    Integer limit;

    record Rebuild(long id, String commit, long run, String artifact, String rebuilt, String outcome,
                   List<String> differences, String detail, String requestedBy, String startedAt, String finishedAt,
                   String summary) {}

    record RebuildList(String app, List<Rebuild> rebuilds) {}

    @Override
    public Integer call() {
        String path = ApiClient.withQuery(ApiClient.appPath(app) + "/rebuilds", "commit", commit,
                "limit", limit == null ? null : limit.toString());
        RebuildList list = json.read(global, path, RebuildList.class);
        if (list == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (list.rebuilds().isEmpty()) {
            out.println("No reproducibility checks of " + app + (commit == null ? "" : " @ " + commit)
                    + " yet: `slipway rebuild " + app + " COMMIT` starts one");
            return 0;
        }
        Instant now = global.now();
        Table table = new Table("#", "COMMIT", "RUN", "ARTIFACT", "OUTCOME", "BY", "WHEN", "DETAIL");
        for (Rebuild r : list.rebuilds()) {
            table.row(String.valueOf(r.id()), Formats.commit(r.commit()), "#" + r.run(), Formats.digest(r.artifact()),
                    r.outcome(), r.requestedBy(), Formats.age(r.startedAt(), now), detail(r));
        }
        table.print(out);
        return 0;
    }

    /** What a person needs from the row: the first differing entry (all of them in --json), or why it failed. */
    private static String detail(Rebuild r) {
        return switch (r.outcome()) {
            case "SAME" -> "the same digest";
            case "DIFFERENT" -> r.differences().isEmpty() ? "rebuilt " + Formats.digest(r.rebuilt())
                    : r.differences().get(0) + (r.differences().size() == 1 ? ""
                            : " (+" + (r.differences().size() - 1) + " more)");
            case "RUNNING" -> "rebuilding…";
            default -> r.detail() == null ? Formats.orNone(null) : Formats.firstLine(r.detail());
        };
    }
}
