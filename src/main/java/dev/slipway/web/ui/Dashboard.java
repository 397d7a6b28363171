package dev.slipway.web.ui;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.Environments;
import dev.slipway.pipeline.Approvals;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineFiles;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.promotion.Promotions;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The dashboard's read pages under /ui: the overview and an app's page. Server-rendered; the live part of a page
 * re-fetches itself when the server says over Server-Sent Events that what it shows changed ({@link dev.slipway.web.sse.LiveUpdates});
 * without JavaScript the pages are complete, just not live.
 */
public final class Dashboard {
    private final Apps apps;
    private final Access access;
    private final Summaries summaries;

    /** The dashboard's parts, for {@code ApiServer}. */
    public record Parts(Dashboard pages, DashboardActions actions, RunPage run, EnvironmentPage environment,
                        AuditPage audit, DoraPage dora) {}

    public Dashboard(Apps apps, Access access, Environments environments, Promotions promotions, RunRepository runs,
                     PipelineFiles files, Clock clock) {
        this.apps = apps;
        this.access = access;
        this.summaries = new Summaries(environments, promotions, runs, files, clock);
    }

    public void register(Routes routes, SignIn signIn, Templates templates) {
        routes.get("/", Permission.anyone(), ctx -> ctx.redirect("/ui", HttpStatus.SEE_OTHER));
        routes.get("/ui", Permission.authenticated(), ctx -> {
            Principal who = Routes.principal(ctx);
            Predicate<String> visible = access.appsAllowing(who, Role.VIEWER);
            List<Pages.AppRow> rows = summaries.rows(apps.list().stream().map(app -> app.name())
                    .filter(visible).toList());
            templates.page(ctx, "overview.jte", Map.of("viewer", signIn.viewer(ctx), "apps", rows));
        });
        routes.get("/ui/apps/{app}", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            Principal who = Routes.principal(ctx);
            Pages.AppRow row = summaries.row(app);
            templates.page(ctx, "app.jte", Map.of("viewer", signIn.viewer(ctx), "app", row,
                    "runs", summaries.recentRuns(app), "can", can(who, app, row)));
        });
        routes.get("/ui/apps/{app}/dev", Permission.onApp(Role.VIEWER), ctx -> { // a folded dev group, opened
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.header("Cache-Control", "no-store");
            ctx.html(templates.render("devcells.jte", Map.of("app", app, "cells", summaries.devCells(app))));
        });
        routes.get("/ui/assets/htmx.min.js", Permission.anyone(), Dashboard::htmx);
        routes.get("/ui/assets/slipway.js", Permission.anyone(), ctx -> asset(ctx, "/ui/slipway.js"));
    }

    /** Whether the viewer may put an artifact into this environment (promote, roll back, swap). */
    boolean canDeploy(Principal who, String app, String env) {
        return can(who, app, summaries.row(app)).deployTo().contains(env);
    }

    /** The buttons this viewer may use: what {@link Access#decide} answers the use cases behind them. */
    private Pages.Can can(Principal who, String app, Pages.AppRow row) {
        Optional<PipelineSpec> spec = summaries.spec(app);
        Set<String> deployTo = new HashSet<>();
        Set<String> approveIn = new HashSet<>();
        Map<String, String> promoteFrom = new HashMap<>();
        String previous = null;
        for (Pages.Cell cell : row.path()) {
            Optional<EnvironmentSpec> env = spec.flatMap(s -> s.environment(cell.env()));
            Place place = new Place(app, cell.env(), env.map(EnvironmentSpec::isProtected).orElse(false),
                    env.flatMap(EnvironmentSpec::approvals).map(Approvals::role).map(Role::parse));
            if (access.decide(who, Action.PROMOTE, place).allowed()) {
                deployTo.add(cell.env());
            }
            if (access.decide(who, Action.APPROVE, place).allowed()) {
                approveIn.add(cell.env());
            }
            String from = env.flatMap(EnvironmentSpec::from).orElse(previous);
            if (from != null && somethingToPromote(row, from, cell)) {
                promoteFrom.put(cell.env(), from);
            }
            previous = cell.env();
        }
        return new Pages.Can(deployTo, approveIn, promoteFrom);
    }

    /** Not when the source has nothing live or runs the digest this environment already runs. */
    private static boolean somethingToPromote(Pages.AppRow row, String from, Pages.Cell cell) {
        return row.path().stream().filter(c -> c.env().equals(from)).findFirst()
                .map(source -> !source.digest().isEmpty() && !source.digest().equals(cell.digest()))
                .orElse(true); // a source off the path (not shown): the use case decides
    }

    private static void asset(Context ctx, String resource) throws IOException {
        var in = Dashboard.class.getResourceAsStream(resource);
        if (in == null) {
            throw Problem.notFound("the dashboard asset " + resource + " is missing from the build");
        }
        ctx.header("Cache-Control", "no-cache").contentType("text/javascript").result(in);
    }

    private static void htmx(Context ctx) throws IOException {
        var in = Dashboard.class.getResourceAsStream("/META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js");
        if (in == null) {
            throw Problem.notFound("htmx is missing from the classpath (webjar org.webjars.npm:htmx.org:2.0.10)");
        }
        ctx.header("Cache-Control", "public, max-age=86400").contentType("text/javascript").result(in);
    }
}
