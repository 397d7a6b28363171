package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.Run;
import dev.slipway.cli.ApiBodies.RunList;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway runs APP}: the app's latest runs, newest first. */
@Command(name = "runs", description = "List an app's pipeline runs, newest first", mixinStandardHelpOptions = true)
final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        RunList runs = json.read(global, ApiClient.appPath(app) + "/runs?limit=" + limit, RunList.class);
        if (runs == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        if (runs.runs().isEmpty()) {
            out.println("No runs of " + app + " yet: push a commit to its git remote");
            return 0;
        }
        Instant now = global.now();
        Table table = new Table("#", "BRANCH", "COMMIT", "STATE", "ARTIFACT", "AGE", "DURATION", "NOTE");
        for (Run run : runs.runs()) {
            table.row(
                    String.valueOf(run.number()),
                    Formats.orNone(run.branch()),
                    Formats.commit(run.commit()),
                    Formats.orNone(run.state()),
                    Formats.digest(run.artifact()),
                    Formats.age(run.createdAt(), now),
                    Formats.duration(run.startedAt(), run.finishedAt(), now),
                    note(run));
        }
        table.print(out);
        return 0;
    }

    /** Why a run looks the way it does: its error, a warning, or that it built nothing because the artifact existed. */
    static String note(Run run) {
        if (run.error() != null && !run.error().isBlank()) {
            return Formats.firstLine(run.error());
        }
        if (!run.warnings().isEmpty()) {
            return "warning: " + Formats.firstLine(run.warnings().get(0));
        }
        if (run.reusedFrom() != null) {
            return "reused artifact of run #" + run.reusedFrom();
        }
        return "";
    }
}
