package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Rebuilds;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunEngine;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.web.AnsiHtml;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import dev.slipway.web.sse.LogStream;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** /api/v1/apps/{app}/runs: list, detail, log (plain or followed over SSE), cancel. */
public final class RunsApi {
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1000;

    private final Apps apps;
    private final RunRepository runs;
    private final RunEngine engine;
    private final LogStore logs;
    private final Rebuilds rebuilds;

    public RunsApi(Apps apps, RunRepository runs, RunEngine engine, LogStore logs) {
        this(apps, runs, engine, logs, null);
    }

    /** {@code rebuilds}: the reproducibility checks, shown with each run's artifact and served under /rebuilds. */
    public RunsApi(Apps apps, RunRepository runs, RunEngine engine, LogStore logs, Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
        this.apps = apps;
        this.runs = runs;
        this.engine = engine;
        this.logs = logs;
    }

    public void register(Routes routes, LogStream stream) {
        routes.get("/api/v1/apps/{app}/runs", Permission.onApp(Role.VIEWER), this::list);
        routes.get("/api/v1/apps/{app}/runs/{run}", Permission.onApp(Role.VIEWER), ctx -> {
            Run run = run(ctx);
            ctx.json(Views.detail(run, runs.jobs(run.app(), run.number()), runs.warnings(run.app(), run.number()),
                    rebuilds == null || run.artifact() == null ? List.of() : rebuilds.ofArtifact(run.app(), run.artifact())));
        });
        if (rebuilds != null) {
            new RebuildsApi(apps, rebuilds).register(routes);
        }
        routes.get("/api/v1/apps/{app}/runs/{run}/log", Permission.onApp(Role.VIEWER), ctx -> log(ctx, stream));
        routes.post("/api/v1/apps/{app}/runs/{run}/cancel", Permission.onApp(Role.DEVELOPER), ctx -> {
            Run run = run(ctx);
            if (!engine.cancel(Routes.principal(ctx).user(), run.app(), run.number())) {
                throw Problem.conflict(run.label() + " already finished (" + run.state() + "); nothing to cancel");
            }
            ctx.status(202).json(Views.run(runs.find(run.app(), run.number()).orElseThrow(),
                    runs.warnings(run.app(), run.number())));
        });
    }

    private void list(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        int limit = Limits.of(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        List<Run> listed = runs.list(app, limit);
        Map<Long, List<String>> warnings = listed.isEmpty() ? Map.of()
                : runs.warnings(app, listed.get(listed.size() - 1).number(), listed.get(0).number());
        ctx.json(new Views.RunList(app, listed.stream()
                .map(r -> Views.run(r, warnings.getOrDefault(r.number(), List.of()))).toList()));
    }

    private void log(Context ctx, LogStream stream) throws Exception {
        Run run = run(ctx);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/event-stream")) {
            stream.follow(ctx, run);
            return;
        }
        ctx.contentType("text/plain; charset=utf-8");
        logs.copyRunLog(runs.jobs(run.app(), run.number()), ctx.res().getOutputStream(), AnsiHtml.keepEscapes(ctx));
        if (run.error() != null && run.state().isFinal()) {
            ctx.res().getOutputStream().write(("slipway: run #" + run.number() + " " + run.state() + ": "
                    + run.error() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Run run(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        long number = Json.number(ctx, "run");
        return runs.find(app, number).orElseThrow(() -> Problem.notFound("run #" + number + " of app '" + app
                + "' does not exist: list runs with `slipway runs " + app + "`"));
    }
}
