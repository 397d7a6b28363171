package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.dora.Dora;
import dev.slipway.dora.DoraReport;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/apps/{app}/dora?days=7|30|90[&env=E]} ({@code slipway dora APP}): the four DORA figures per
 * environment. A figure with nothing to measure is null ("n/a"), never 0; durations are in seconds.
 */
public final class DoraApi {
    private final Apps apps;
    private final Dora dora;

    public DoraApi(Apps apps, Dora dora) {
        this.apps = apps;
        this.dora = dora;
    }

    record BarView(String start, int deployments, int failures) {}

    record FiguresView(String environment, int deployments, double perDay, double perWeek, Long leadTimeMedianSeconds,
                       Long leadTimeP90Seconds, int leadTimeSamples, int attempts, int failures,
                       Double changeFailureRate, Long timeToRestoreMedianSeconds, int restored, int unrestored,
                       List<BarView> bars) {}

    record DoraView(String app, int days, String from, String to, String bar, List<FiguresView> environments) {}

    public void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/dora", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            String env = ctx.queryParam("env");
            ctx.json(view(dora.report(app, ctx.queryParam("days"),
                    env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip()))));
        });
    }

    static DoraView view(DoraReport r) {
        return new DoraView(r.app(), r.window().days(), Views.time(r.window().from()), Views.time(r.window().to()),
                r.window().barName(), r.environments().stream().map(DoraApi::figures).toList());
    }

    private static FiguresView figures(DoraReport.EnvironmentFigures f) {
        return new FiguresView(f.environment(), f.deployments(), f.perDay(), f.perWeek(), seconds(f.leadTimeMedian()),
                seconds(f.leadTimeP90()), f.leadTimeSamples(), f.attempts(), f.failures(),
                f.changeFailureRate().orElse(null), seconds(f.timeToRestoreMedian()), f.restored(), f.unrestored(),
                f.bars().stream().map(b -> new BarView(Views.time(b.start()), b.deployments(), b.failures())).toList());
    }

    private static Long seconds(Optional<Duration> d) {
        return d.map(Duration::toSeconds).orElse(null);
    }
}
