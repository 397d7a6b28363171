package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import dev.slipway.web.AnsiHtml;
import dev.slipway.web.sse.LogStream;
import dev.slipway.web.sse.ServiceOutput;
import io.javalin.http.Context;

/**
 * A service's output ({@code slipway logs APP --env ENV [--deployment N] [--tail N] [-f]}): the live deployment's
 * (…/environments/{env}/log) or one deployment's (…/deployments/{id}/log), as text, or with {@code Accept:
 * text/event-stream} followed while the service runs (`line` events, then `end` with the state it ended in).
 * {@code tail=N}: from its last N lines only. Secret values are masked on the way out. Whoever may read the
 * environment may read its output.
 */
public final class ServiceLogsApi {
    /** Names the deployment whose output is served (the live one may change between two calls). */
    static final String DEPLOYMENT_HEADER = "X-Slipway-Deployment";

    private final Apps apps;
    private final ServiceOutput output;

    public ServiceLogsApi(Apps apps, ServiceOutput output) {
        this.apps = apps;
        this.output = output;
    }

    public void register(Routes routes, LogStream stream) {
        routes.get("/api/v1/apps/{app}/environments/{env}/log", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            serve(ctx, output.live(app, ctx.pathParam("env")), stream);
        });
        routes.get("/api/v1/apps/{app}/environments/{env}/deployments/{id}/log", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            serve(ctx, output.deployment(app, ctx.pathParam("env"), id(ctx)), stream);
        });
    }

    private void serve(Context ctx, Deployment d, LogStream stream) throws Exception {
        Integer tail = tail(ctx);
        long from = tail == null ? 0 : output.startOfLastLines(d, tail);
        ctx.header(DEPLOYMENT_HEADER, Long.toString(d.id()));
        boolean keep = AnsiHtml.keepEscapes(ctx);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/event-stream")) {
            stream.follow(ctx, output.followed(d), from, output.plain(d.app(), keep));
            return;
        }
        ctx.contentType("text/plain; charset=utf-8");
        output.copy(d, from, ctx.res().getOutputStream(), keep);
    }

    private static Integer tail(Context ctx) {
        String text = ctx.queryParam("tail");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int lines = Integer.parseInt(text.strip());
            if (lines >= 0) {
                return lines;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw Problem.invalid("tail: '" + text + "' is not a number of lines; give tail=0 or more (e.g. tail=200), "
                + "or leave it out for the whole output");
    }

    private static long id(Context ctx) {
        return Json.number(ctx, "id", "a deployment number", "the id shown by GET /api/v1/apps/"
                + ctx.pathParam("app") + "/environments/" + ctx.pathParam("env") + "/deployments");
    }
}
