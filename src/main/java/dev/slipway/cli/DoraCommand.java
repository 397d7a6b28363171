package dev.slipway.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway dora APP [--days N] [--env E]}: the four DORA figures of an app, per environment. */
@Command(name = "dora", description = "Show an app's delivery figures (DORA) per environment: deployments, lead time "
        + "(commit to live), change failure rate, time to restore", mixinStandardHelpOptions = true)
final class DoraCommand implements Callable<Integer> {
    static final String NA = "n/a";

    @Mixin
    GlobalOptions global;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "APP", description = "App name")
    String app;

    @Option(names = "--days", description = "The window: 7, 30 (default) or 90 days")
    Integer days;

    @Option(names = "--env", description = "One environment only")
    String env;

    record Bar(String start, int deployments, int failures) {}

    record Figures(String environment, int deployments, double perDay, double perWeek, Long leadTimeMedianSeconds,
                   Long leadTimeP90Seconds, int leadTimeSamples, int attempts, int failures, Double changeFailureRate,
                   Long timeToRestoreMedianSeconds, int restored, int unrestored, List<Bar> bars) {}

    record Report(String app, int days, String from, String to, String bar, List<Figures> environments) {}

    @Override
    public Integer call() {
        String path = ApiClient.appPath(app) + "/dora?days=" + (days == null ? 30 : days)
                + (env == null ? "" : "&env=" + URLEncoder.encode(env, StandardCharsets.UTF_8));
        Report report = json.read(global, path, Report.class);
        if (report == null) { // --json printed it
            return 0;
        }
        PrintWriter out = global.out();
        out.println(report.app() + ", last " + report.days() + " days (" + Formats.time(report.from()) + " to "
                + Formats.time(report.to()) + ")");
        if (report.environments().isEmpty()) {
            out.println("No environments yet: nothing has been deployed");
            return 0;
        }
        Table table = new Table("ENVIRONMENT", "DEPLOYS", "PER DAY", "LEAD TIME (MEDIAN)", "LEAD TIME (P90)",
                "CHANGE FAILURE RATE", "TIME TO RESTORE");
        for (Figures f : report.environments()) {
            table.row(f.environment(), String.valueOf(f.deployments()), String.format(Locale.ROOT, "%.2f", f.perDay()),
                    seconds(f.leadTimeMedianSeconds()), seconds(f.leadTimeP90Seconds()),
                    f.changeFailureRate() == null ? NA : String.format(Locale.ROOT, "%.0f%% (%d of %d)",
                            f.changeFailureRate() * 100, f.failures(), f.attempts()),
                    seconds(f.timeToRestoreMedianSeconds())
                            + (f.unrestored() > 0 ? " (" + f.unrestored() + " not restored)" : ""));
        }
        table.print(out);
        out.println("n/a: nothing to measure in the window. Lead time: from the commit (git committer time) to going live.");
        return 0;
    }

    private static String seconds(Long value) {
        if (value == null) {
            return NA;
        }
        long s = value;
        if (s >= 86_400) {
            return s / 86_400 + "d" + String.format(Locale.ROOT, "%02dh", s % 86_400 / 3600);
        }
        return Formats.duration(java.time.Instant.EPOCH, java.time.Instant.ofEpochSecond(s));
    }
}
