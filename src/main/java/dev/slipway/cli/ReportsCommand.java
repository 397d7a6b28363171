package dev.slipway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway reports APP}: what was told to the app's forge — statuses and deployments — and how it went. */
@Command(name = "reports", description = "List what was reported to an app's forge (commit statuses, deployments), "
        + "newest first, and whether the forge took it", mixinStandardHelpOptions = true)
final class ReportsCommand implements Callable<Integer> {
    private static final int ERROR_WIDTH = 60;

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Option(names = "--limit", description = "How many (1 to 500, default 50)")
    Integer limit;

    record Report(long id, String kind, String commit, String state, String description, String targetUrl, Long run,
                  Long deployment, String environment, String outcome, int attempts, String lastError,
                  Integer httpStatus, String createdAt, String sentAt, String nextAttemptAt) {}

    record ReportList(String app, List<Report> reports) {}

    @Override
    public Integer call() {
        String path = ApiClient.appPath(app) + "/reports" + (limit == null ? "" : "?limit=" + limit);
        ReportList list = json.read(global, path, ReportList.class);
        if (list == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (list.reports().isEmpty()) {
            out.println("Nothing reported to " + app + "'s forge yet (only an app following a repository on GitHub, "
                    + "GitLab or Gitea with reports on, once it runs or deploys)");
            return 0;
        }
        Instant now = global.now();
        Table table = new Table("KIND", "COMMIT", "STATE", "DESCRIPTION", "OUTCOME", "TRIES", "HTTP", "WHEN", "ERROR");
        for (Report r : list.reports()) {
            table.row(kind(r), Formats.commit(r.commit()), r.state(), r.description(), r.outcome(),
                    String.valueOf(r.attempts()), Formats.orNone(r.httpStatus()),
                    r.sentAt() != null ? Formats.age(r.sentAt(), now)
                            : r.nextAttemptAt() != null ? "next " + Formats.time(r.nextAttemptAt())
                            : Formats.age(r.createdAt(), now),
                    r.lastError() == null ? Formats.orNone(null) : cut(Formats.firstLine(r.lastError())));
        }
        table.print(out);
        return 0;
    }

    /** The forge's whole answer is in --json; a table row shows its start. */
    private static String cut(String text) {
        return text.length() <= ERROR_WIDTH ? text : text.substring(0, ERROR_WIDTH - 1) + "…";
    }

    private static String kind(Report r) {
        return switch (r.kind()) {
            case "STATUS" -> "status";
            case "DEPLOYMENT" -> "deployment " + r.environment();
            default -> "deployment state";
        };
    }
}
