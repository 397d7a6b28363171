package dev.slipway.cli;

import dev.slipway.cli.ApiBodies.Job;
import dev.slipway.cli.ApiBodies.Run;
import dev.slipway.cli.ApiBodies.Stage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code slipway run APP RUN}: one run, its stages and jobs, and what went wrong. */
@Command(name = "run", description = "Show one run with its stages and jobs", mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "APP", description = "App name")
    String app;

    @Parameters(index = "1", paramLabel = "RUN", description = "Run number")
    int number;

    @Override
    public Integer call() {
        Run run = json.read(global, ApiClient.appPath(app) + "/runs/" + number, Run.class);
        if (run == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        Instant now = global.now();
        printHeader(run, now, out);
        if (!run.stages().isEmpty()) {
            out.println();
            printStages(run, now, out);
        }
        return 0;
    }

    private void printHeader(Run run, Instant now, PrintWriter out) {
        out.println("Run #" + run.number() + " of " + app + ": " + Formats.orNone(run.state()));
        field(out, "branch", Formats.orNone(run.branch()));
        field(out, "commit", Formats.orNone(run.commit()));
        field(out, "artifact", artifact(run));
        field(out, "created", Formats.orNone(run.createdAt()) + " (" + Formats.age(run.createdAt(), now) + " ago)");
        field(out, "duration", Formats.duration(run.startedAt(), run.finishedAt(), now)
                + (run.startedAt() != null && run.finishedAt() == null ? " so far" : ""));
        if (run.error() != null && !run.error().isBlank()) {
            // The whole error, not just its first line: this is the place to read it.
            field(out, "error", run.error().strip().replace("\n", "\n" + " ".repeat(12)));
        }
        for (String warning : run.warnings()) {
            field(out, "warning", warning);
        }
    }

    private static String artifact(Run run) {
        String artifact = Formats.orNone(run.artifact());
        return run.reusedFrom() == null ? artifact : artifact + " (reused from run #" + run.reusedFrom() + ")";
    }

    private static void field(PrintWriter out, String label, String value) {
        out.printf("  %-9s %s%n", label + ":", value);
    }

    /** Stages in order, each followed by its jobs indented, so a failed job shows under its stage. */
    private static void printStages(Run run, Instant now, PrintWriter out) {
        Table table = new Table("STAGE/JOB", "STATE", "EXIT", "DURATION", "ERROR");
        for (Stage stage : run.stages()) {
            table.row(stage.name(), Formats.orNone(stage.state()), "", stageDuration(stage, now), "");
            for (Job job : stage.jobs()) {
                table.row(
                        "  " + job.name(),
                        Formats.orNone(job.state()),
                        Formats.orNone(job.exitCode()),
                        Formats.duration(job.startedAt(), job.finishedAt(), now),
                        job.error() == null ? "" : Formats.firstLine(job.error()));
            }
        }
        table.print(out);
    }

    /** The API gives stages no times; a stage lasts from its first job's start to its last job's end. */
    private static String stageDuration(Stage stage, Instant now) {
        Instant start = null;
        Instant end = null;
        boolean running = false;
        for (Job job : stage.jobs()) {
            Instant started = Formats.instant(job.startedAt());
            if (started == null) {
                continue;
            }
            Instant finished = Formats.instant(job.finishedAt());
            running |= finished == null;
            start = start == null || started.isBefore(start) ? started : start;
            end = finished != null && (end == null || finished.isAfter(end)) ? finished : end;
        }
        if (start == null) {
            return Formats.NONE;
        }
        return Formats.duration(start, running || end == null ? now : end);
    }
}
