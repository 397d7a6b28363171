package dev.slipway.web.ui;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Sbom;
import dev.slipway.artifact.SbomException;
import dev.slipway.artifact.SbomSummary;
import dev.slipway.artifact.Sboms;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.Environments;
import dev.slipway.pipeline.AnsiEscapes;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogReader;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.web.AnsiHtml;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import dev.slipway.web.api.ImagesApi;
import dev.slipway.web.api.SbomsApi;
import dev.slipway.web.sse.LogTails;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /ui/apps/{app}/runs/{run}: stages as columns, jobs as boxes with their log's tail, followed live per job over
 * Server-Sent Events; earlier parts of a long log load on demand, a chunk at a time; the artifact and the
 * deployments made from it are linked.
 */
public final class RunPage {
    /** A job log is shown from its tail, and earlier parts a chunk at a time: a 100 MB log never becomes a page. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final Apps apps;
    private final RunRepository runs;
    private final LogStore logs;
    private final LogReader reader;
    private final Environments environments;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final dev.slipway.image.ImageRepository images;
    /** This server's registry as clients reach it ({@code HOST:PORT} of --public-url), for the pull line. */
    private final String registry;

    private final Sboms sboms;

    public RunPage(Apps apps, RunRepository runs, LogStore logs, LogReader reader, Environments environments,
                   ArtifactStore artifacts, Clock clock, dev.slipway.image.ImageRepository images, String registry,
                   Sboms sboms) {
        this.sboms = sboms;
        this.images = images;
        this.registry = registry;
        this.apps = apps;
        this.runs = runs;
        this.logs = logs;
        this.reader = reader;
        this.environments = environments;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    public void register(Routes routes, SignIn signIn, Templates templates, LogTails tails) {
        String base = "/ui/apps/{app}/runs/{run}";
        routes.get(base, Permission.onApp(Role.VIEWER), ctx -> {
            Run run = run(ctx);
            templates.page(ctx, "run.jte", Map.of("viewer", signIn.viewer(ctx), "app", run.app(),
                    "run", Summaries.run(run, clock), "live", !run.state().isFinal(),
                    "error", run.error() == null ? "" : run.error(),
                    "warnings", runs.warnings(run.app(), run.number()), "stages", stages(run),
                    "deployments", environments.ofRun(run.app(), run.number()).stream().map(this::produced).toList(),
                    "image", image(run), "sboms", sboms(run)));
        });
        routes.get(base + "/artifact", Permission.onApp(Role.VIEWER), this::artifact);
        routes.get(base + "/sbom", Permission.onApp(Role.VIEWER), ctx -> SbomsApi.send(ctx, apps, runs, sboms));
        routes.get(base + "/jobs/{job}/log", Permission.onApp(Role.VIEWER), ctx -> log(ctx, templates));
        routes.get(base + "/jobs/{job}/log/stream", Permission.onApp(Role.VIEWER), new SseHandler(client -> {
            Context ctx = client.ctx();
            Run run = run(ctx);
            String lastEventId = ctx.header("Last-Event-ID"); // a reconnect resumes where the page was
            long from = lastEventId != null ? offset(lastEventId) : offset(ctx.queryParam("from"));
            tails.follow(client, run.app(), run.number(), ctx.pathParam("job"), from);
        }));
    }

    /** The run's image, if its artifact is one (empty otherwise), with the pull command for this server's public address. */
    private List<Pages.ImageSummary> image(Run run) {
        if (run.artifact() == null) {
            return List.of();
        }
        return images.findImage(run.app(), run.artifact()).map(m -> List.of(new Pages.ImageSummary(m.repository(),
                ImagesApi.size(m.imageSize()), m.layers().size(), ImagesApi.pull(registry, m))))
                .orElse(List.of());
    }

    /** The SBOMs kept with the run's artifact (a run that reused one shows the builder's). */
    private List<SbomView> sboms(Run run) {
        if (run.artifact() == null) {
            return List.of();
        }
        List<SbomView> views = new ArrayList<>();
        for (Sbom sbom : sboms.of(run.app(), run.artifact())) {
            String href = "/ui/apps/" + run.app() + "/runs/" + run.number() + "/sbom?job=" + sbom.job();
            try {
                SbomSummary summary = sboms.summary(sbom);
                views.add(new SbomView(sbom.job(), summary.specVersion(),
                        summary.subject().map(SbomSummary.Component::label).orElse(""), summary.components().size(),
                        summary.components().stream().map(SbomSummary.Component::label).toList(), summary.licenses(),
                        href, ""));
            } catch (IOException | SbomException e) {
                views.add(new SbomView(sbom.job(), sbom.specVersion(), "", sbom.components(), List.of(), List.of(),
                        href, "its document cannot be read: " + e.getMessage()));
            }
        }
        return views;
    }

    private Pages.Produced produced(Deployment d) {
        return new Pages.Produced(d.id(), d.environment(), d.state().name(), d.trigger().name().toLowerCase(), d.actor());
    }

    private List<Pages.StageColumn> stages(Run run) throws IOException {
        Map<String, List<JobRun>> byStage = new LinkedHashMap<>();
        for (JobRun job : runs.jobs(run.app(), run.number())) {
            byStage.computeIfAbsent(job.stage(), k -> new ArrayList<>()).add(job);
        }
        List<Pages.StageColumn> columns = new ArrayList<>();
        for (Map.Entry<String, List<JobRun>> stage : byStage.entrySet()) {
            List<Pages.JobBox> jobs = new ArrayList<>();
            for (JobRun job : stage.getValue()) {
                LogReader.Chunk tail = reader.chunk(job, 0, Long.MAX_VALUE, CHUNK_BYTES);
                jobs.add(new Pages.JobBox(job.name(), job.state().name(), duration(job), tail.text(), tail.start(),
                        tail.end(), !job.state().isFinal()));
            }
            columns.add(new Pages.StageColumn(stage.getKey(),
                    JobState.ofStage(stage.getValue().stream().map(JobRun::state).toList()).name(), jobs));
        }
        return columns;
    }

    private String duration(JobRun job) {
        if (job.startedAt() == null) {
            return "";
        }
        Duration d = Duration.between(job.startedAt(), job.finishedAt() != null ? job.finishedAt() : clock.instant());
        return d.toSeconds() >= 60 ? d.toMinutes() + "m " + d.toSecondsPart() + "s" : d.toMillis() / 100 / 10.0 + "s";
    }

    /**
     * GET …/jobs/{job}/log: the whole log as text; with {@code before=OFFSET}, the {@link #CHUNK_BYTES} before that
     * offset (from a line start) — as an HTML fragment with the next "load earlier" link for the page, as text for
     * a browser without JavaScript.
     */
    private void log(Context ctx, Templates templates) throws IOException {
        Run run = run(ctx);
        JobRun job = job(run, ctx.pathParam("job"));
        String before = ctx.queryParam("before");
        if (before == null) {
            ctx.contentType("text/plain; charset=utf-8");
            ctx.header("Content-Disposition", "inline; filename=\"" + run.app() + "-" + run.number() + "-" + job.name()
                    + ".log\"");
            logs.copyJobLog(job, ctx.res().getOutputStream(), AnsiHtml.keepEscapes(ctx));
            return;
        }
        LogReader.Chunk chunk = reader.chunk(job, 0, offset(before), CHUNK_BYTES);
        if (ctx.header("HX-Request") == null) {
            ctx.contentType("text/plain; charset=utf-8")
                    .result(AnsiHtml.keepEscapes(ctx) ? chunk.text() : AnsiEscapes.strip(chunk.text()));
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.html(templates.render("logchunk.jte", Map.of("href", logHref(run, job.name()), "chunk", chunk)));
    }

    static String logHref(Run run, String job) {
        return "/ui/apps/" + run.app() + "/runs/" + run.number() + "/jobs/" + job + "/log";
    }

    private void artifact(Context ctx) throws IOException {
        Run run = run(ctx);
        if (run.artifact() == null || !artifacts.exists(run.artifact())) {
            throw Problem.notFound("run #" + run.number() + " of app '" + run.app() + "' has no stored artifact");
        }
        ctx.contentType("application/x-tar");
        ctx.header("Content-Disposition", "attachment; filename=\"" + run.app() + "-" + run.artifact().shortForm()
                + ".tar\"");
        ctx.header("Content-Length", Long.toString(artifacts.size(run.artifact())));
        ctx.result(Files.newInputStream(artifacts.path(run.artifact())));
    }

    private JobRun job(Run run, String name) {
        return runs.jobs(run.app(), run.number()).stream().filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> Problem.notFound("run #" + run.number() + " of app '" + run.app()
                        + "' has no job '" + name + "'"));
    }

    private Run run(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        long number = Json.number(ctx, "run");
        return runs.find(app, number).orElseThrow(() -> Problem.notFound("run #" + number + " of app '" + app
                + "' does not exist"));
    }

    private static long offset(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw Problem.invalid("'" + text + "' is not a byte offset into the log");
        }
    }
}
