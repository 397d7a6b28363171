package dev.slipway.web.ui;

import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.dora.Dora;
import dev.slipway.dora.DoraReport;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * /ui/apps/{app}/dora: the four DORA figures per environment, each with a bar chart of deployments (and change
 * failures) per day or week drawn as inline SVG on the server: no script, nothing for the CSP to allow.
 */
public final class DoraPage {
    static final int CHART_HEIGHT = 80;
    static final int CHART_WIDTH = 600;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Apps apps;
    private final Dora dora;

    public DoraPage(Apps apps, Dora dora) {
        this.apps = apps;
        this.dora = dora;
    }

    /** One bar, placed: x and width in the chart's units, heights of the deployments and of the failures in it. */
    public record BarBox(int x, int width, int liveY, int liveHeight, int failedY, int failedHeight, String title) {}

    /** One environment's figures as the page says them ("n/a" where there is nothing to measure). */
    public record Figures(String environment, int deployments, String perDay, String perWeek, String leadTimeMedian,
                          String leadTimeP90, int leadTimeSamples, String changeFailureRate, int failures,
                          int attempts, String timeToRestore, int unrestored, int tallest, List<BarBox> bars) {}

    public void register(Routes routes, SignIn signIn, Templates templates) {
        routes.get("/ui/apps/{app}/dora", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            String env = ctx.queryParam("env");
            Optional<String> only = env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
            DoraReport report = dora.report(app, ctx.queryParam("days"), only);
            templates.page(ctx, "dora.jte", Map.of("viewer", signIn.viewer(ctx), "app", app,
                    "days", report.window().days(), "bar", report.window().barName(), "env", only.orElse(""),
                    "from", DAY.format(report.window().from()), "to", DAY.format(report.window().to()),
                    "environments", report.environments().stream().map(DoraPage::figures).toList()));
        });
    }

    static Figures figures(DoraReport.EnvironmentFigures f) {
        int tallest = f.bars().stream().mapToInt(DoraReport.Bar::deployments).max().orElse(0);
        int scale = Math.max(tallest, f.bars().stream().mapToInt(DoraReport.Bar::failures).max().orElse(0));
        int width = CHART_WIDTH / f.bars().size();
        List<BarBox> boxes = new ArrayList<>();
        for (int i = 0; i < f.bars().size(); i++) {
            DoraReport.Bar b = f.bars().get(i);
            int live = scale == 0 ? 0 : Math.round((float) b.deployments() * CHART_HEIGHT / scale);
            int failed = scale == 0 ? 0 : Math.round((float) b.failures() * CHART_HEIGHT / scale);
            boxes.add(new BarBox(i * width, Math.max(width - 2, 1), CHART_HEIGHT - live, live, CHART_HEIGHT - failed,
                    failed, DAY.format(b.start()) + ": " + b.deployments() + " live, " + b.failures() + " failed"));
        }
        return new Figures(f.environment(), f.deployments(), String.format(Locale.ROOT, "%.2f", f.perDay()),
                String.format(Locale.ROOT, "%.1f", f.perWeek()), duration(f.leadTimeMedian()),
                duration(f.leadTimeP90()), f.leadTimeSamples(),
                f.changeFailureRate().map(r -> String.format(Locale.ROOT, "%.0f%%", r * 100)).orElse("n/a"),
                f.failures(), f.attempts(), duration(f.timeToRestoreMedian()), f.unrestored(), tallest, boxes);
    }

    /** "n/a", or the two largest units: 3d 4h, 2h 5m, 4m 10s, 12s. */
    static String duration(Optional<Duration> value) {
        if (value.isEmpty()) {
            return "n/a";
        }
        long s = value.get().toSeconds();
        if (s >= 86_400) {
            return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m " + s % 60 + "s" : s + "s";
    }
}
