package dev.slipway.web.ui;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.artifact.BuiltFrom;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.environment.ServiceTrouble;
import dev.slipway.pipeline.LogReader;
import dev.slipway.secret.Secrets;
import dev.slipway.web.AnsiHtml;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import dev.slipway.web.sse.LogTails;
import dev.slipway.web.sse.ServiceOutput;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * /ui/apps/{app}/environments/{env}: its history, its configuration's names (secrets masked), its address, and the
 * live service's output, followed live over Server-Sent Events as a running job's log is.
 */
public final class EnvironmentPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Apps apps;
    private final Environments environments;
    private final Secrets secrets;
    private final BuiltFrom builtFrom;
    private final ServiceOutput output;

    public EnvironmentPage(Apps apps, Environments environments, Secrets secrets, BuiltFrom builtFrom,
                           ServiceOutput output) {
        this.apps = apps;
        this.environments = environments;
        this.secrets = secrets;
        this.builtFrom = builtFrom;
        this.output = output;
    }

    public void register(Routes routes, SignIn signIn, Templates templates, Dashboard dashboard, LogTails tails) {
        routes.get("/ui/apps/{app}/environments/{env}", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            String env = ctx.pathParam("env");
            EnvironmentStatus status = environments.status(app).stream()
                    .filter(s -> s.environment().name().equals(env)).findFirst()
                    .orElseThrow(() -> Problem.notFound("app '" + app + "' has no environment '" + env
                            + "' yet: nothing was deployed there"));
            Map<String, String> config = status.live().map(d -> d.launch().config()).orElse(Map.of());
            String liveSlot = status.live().flatMap(Deployment::slotName).map(slot -> " (" + slot + ")").orElse("");
            String idle = status.idle().map(d -> d.slotName().orElse("idle") + ": #" + d.id() + " "
                    + Summaries.shortCommit(d.commit()) + " " + Summaries.shortDigest(d.digest()) + " " + d.state())
                    .orElse("");
            templates.page(ctx, "environment.jte", Map.ofEntries(Map.entry("viewer", signIn.viewer(ctx)),
                    Map.entry("app", app), Map.entry("env", env), Map.entry("state", status.state()),
                    Map.entry("url", status.url() == null ? "" : status.url()),
                    Map.entry("unavailable", status.unavailable().orElse("")), Map.entry("liveSlot", liveSlot),
                    Map.entry("idle", idle), Map.entry("previewUrl", status.previewUrl().orElse("")), Map.entry("canSwap", status.swappable()),
                    Map.entry("config", new TreeMap<>(config)), Map.entry("secrets", secrets.names(app, env)),
                    Map.entry("history", history(app, env)), Map.entry("output", serviceLog(status)),
                    Map.entry("canDeploy", dashboard.canDeploy(Routes.principal(ctx), app, env)),
                    Map.entry("trouble", status.trouble().map(EnvironmentPage::trouble).orElse("")),
                    Map.entry("lastLines", status.trouble().map(ServiceTrouble::lastLines).orElse(List.of())),
                    Map.entry("targets", targets(status))));
        });
        String log = "/ui/apps/{app}/environments/{env}/deployments/{id}/log";
        routes.get(log, Permission.onApp(Role.VIEWER), ctx -> serviceLog(ctx, templates));
        routes.get(log + "/stream", Permission.onApp(Role.VIEWER), new SseHandler(client -> {
            Context ctx = client.ctx();
            Deployment d = deployment(ctx);
            String lastEventId = ctx.header("Last-Event-ID"); // a reconnect resumes where the page was
            tails.follow(client, output.followed(d), offset(lastEventId != null ? lastEventId : ctx.queryParam("from")),
                    output.mask(d.app()));
        }));
    }

    /** Each target of an environment on several: what it runs, its health, in sync or why not, since when. */
    private static List<Pages.TargetRow> targets(EnvironmentStatus status) {
        return status.targets().stream().map(t -> new Pages.TargetRow(t.target(),
                t.digest().map(Summaries::shortDigest).orElse("-"), t.slot() == null ? "-" : t.slot(),
                t.healthy() ? "healthy" : "failing", t.sync().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                t.since().toString(), t.detail() == null ? "" : t.detail())).toList();
    }

    /** "its process exited (exit code 137); restart 2 at 2026-…" — what the supervisor found and does. */
    private static String trouble(ServiceTrouble t) {
        return t.reason() + t.nextAttempt().map(at -> "; restart " + t.restarts() + " at "
                + WHEN.format(at)).orElse("");
    }

    /** The live service's output, its last {@link RunPage#CHUNK_BYTES}; empty when nothing is live. */
    private Optional<Pages.ServiceLogBox> serviceLog(EnvironmentStatus status) throws IOException {
        if (status.live().isEmpty()) {
            return Optional.empty();
        }
        Deployment d = status.live().get();
        LogReader.Chunk tail = output.chunk(d, Long.MAX_VALUE, RunPage.CHUNK_BYTES);
        return Optional.of(new Pages.ServiceLogBox(d.id(), tail.text(), tail.start(), tail.end(), logHref(d)));
    }

    /**
     * GET …/deployments/{id}/log: the whole output as text (masked); with {@code before=OFFSET}, the
     * {@link RunPage#CHUNK_BYTES} before it — an HTML fragment for the page, text without JavaScript.
     */
    private void serviceLog(Context ctx, Templates templates) throws IOException {
        Deployment d = deployment(ctx);
        String before = ctx.queryParam("before");
        if (before == null) {
            ctx.contentType("text/plain; charset=utf-8");
            output.copy(d, 0, ctx.res().getOutputStream(), AnsiHtml.keepEscapes(ctx));
            return;
        }
        LogReader.Chunk chunk = output.chunk(d, offset(before), RunPage.CHUNK_BYTES);
        if (ctx.header("HX-Request") == null) {
            ctx.contentType("text/plain; charset=utf-8").result(chunk.text());
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.html(templates.render("logchunk.jte", Map.of("href", logHref(d), "chunk", chunk)));
    }

    private Deployment deployment(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        return output.deployment(app, ctx.pathParam("env"), Json.number(ctx, "id"));
    }

    private static String logHref(Deployment d) {
        return "/ui/apps/" + d.app() + "/environments/" + d.environment() + "/deployments/" + d.id() + "/log";
    }

    private static long offset(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw Problem.invalid("'" + text + "' is not a byte offset into the output");
        }
    }

    private List<Pages.HistoryRow> history(String app, String env) {
        List<Deployment> history = environments.history(app, env, 50);
        Map<Digest, String> built = builtFrom.commits(app, history.stream().map(Deployment::digest).toList());
        return history.stream().map(d -> row(d, built.get(d.digest()))).toList();
    }

    private static Pages.HistoryRow row(Deployment d, String built) {
        return new Pages.HistoryRow(d.id(), Summaries.shortCommit(d.commit()), Summaries.shortDigest(d.digest()),
                d.trigger().name().toLowerCase(), d.actor(), d.createdAt() == null ? "" : WHEN.format(d.createdAt()),
                d.state().name(), d.reason() == null ? "" : d.reason(), d.wentLive(),
                built == null || built.equals(d.commit()) ? "" : Summaries.shortCommit(built));
    }
}
