package dev.slipway.web;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.auth.Access;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.JobRun;
import dev.slipway.pipeline.JobState;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.slipway.environment.Environments;
import dev.slipway.promotion.Promotions;
import dev.slipway.pipeline.Approvals;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.PipelineSpec;
import dev.slipway.promotion.PipelineFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's read pages under /ui: the overview, an app, a run. Server-rendered; the live parts re-fetch
 * themselves every two seconds with htmx (without JavaScript the pages are complete, just not live).
 */
public final class Dashboard {
    /** A job log is shown from its tail: a 100 MB log must not become a 100 MB page. */
    static final int TAIL_BYTES = 64 * 1024;

    private final Apps apps;
    private final Access access;
    private final Summaries summaries;
    private final RunRepository runs;
    private final LogStore logs;

    private final Clock clock;

    /** The dashboard's parts, for {@link ApiServer}. */
    public record Parts(Dashboard pages, DashboardActions actions, EnvironmentPage environment, AuditPage audit) {}

    public Dashboard(Apps apps, Access access, Environments environments, Promotions promotions, RunRepository runs,
                     LogStore logs, PipelineFiles files, Clock clock) {
        this.apps = apps;
        this.access = access;
        this.summaries = new Summaries(environments, promotions, runs, files, clock);
        this.runs = runs;
        this.logs = logs;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    void register(Routes routes, SignIn signIn, Templates templates) {
        routes.get("/", Permission.anyone(), ctx -> ctx.redirect("/ui", HttpStatus.SEE_OTHER));
        routes.get("/ui", Permission.authenticated(), ctx -> {
            Principal who = Routes.principal(ctx);
            Predicate<String> visible = access.appsAllowing(who, Role.VIEWER);
            List<Pages.AppRow> rows = apps.list().stream()
                    .filter(app -> visible.test(app.name()))
                    .map(app -> summaries.row(app.name())).toList();
            templates.page(ctx, "overview.jte", Map.of("viewer", signIn.viewer(ctx), "apps", rows));
        });
        routes.get("/ui/apps/{app}", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            Principal who = Routes.principal(ctx);
            Pages.AppRow row = summaries.row(app);
            templates.page(ctx, "app.jte", Map.of("viewer", signIn.viewer(ctx), "app", row,
                    "runs", summaries.recentRuns(app), "can", can(who, app, row)));
        });
        routes.get("/ui/apps/{app}/runs/{run}", Permission.onApp(Role.VIEWER), ctx -> {
            Run run = run(ctx);
            templates.page(ctx, "run.jte", Map.of("viewer", signIn.viewer(ctx), "app", run.app(),
                    "run", summaries.run(run), "live", !run.state().isFinal(),
                    "error", run.error() == null ? "" : run.error(), "stages", stages(run)));
        });
        routes.get("/ui/assets/htmx.min.js", Permission.anyone(), Dashboard::htmx);
    }

    /** Whether the viewer may put an artifact into this environment (promote, roll back, swap). */
    boolean canDeploy(Principal who, String app, String env) {
        return can(who, app, summaries.row(app)).deployTo().contains(env);
    }

    /**
     * The buttons this viewer may use, by the rules the use cases check: a protected environment needs a releaser
     * to deploy into, others a deployer; approving needs the role the environment's approvals name.
     */
    private Pages.Can can(Principal who, String app, Pages.AppRow row) {
        Optional<PipelineSpec> spec = summaries.spec(app);
        Set<String> deployTo = new HashSet<>();
        Set<String> approveIn = new HashSet<>();
        Map<String, String> promoteFrom = new HashMap<>();
        String previous = null;
        for (Pages.Cell cell : row.path()) {
            Optional<EnvironmentSpec> env = spec.flatMap(s -> s.environment(cell.env()));
            boolean isProtected = env.map(EnvironmentSpec::isProtected).orElse(cell.env().equals("production"));
            if (access.allows(who, isProtected ? Role.RELEASER : Role.DEPLOYER, app)) {
                deployTo.add(cell.env());
            }
            Role approver = Role.parse(env.flatMap(EnvironmentSpec::approvals).map(Approvals::role)
                    .orElse(Approvals.DEFAULT_ROLE));
            if (access.allows(who, approver, app)) {
                approveIn.add(cell.env());
            }
            String from = env.flatMap(EnvironmentSpec::from).orElse(previous);
            if (from != null) {
                promoteFrom.put(cell.env(), from);
            }
            previous = cell.env();
        }
        return new Pages.Can(deployTo, approveIn, promoteFrom);
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
                jobs.add(new Pages.JobBox(job.name(), job.state().name(), duration(job),
                        tail(logs.file(job.app(), job.run(), job.stageIndex(), job.name()))));
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

    /** The last {@link #TAIL_BYTES} of a log, from a line start; reading cost does not grow with the log. */
    static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (start > 0) {
                int newline = text.indexOf('\n');
                text = "… (" + start / 1024 + " KB earlier; the API has the whole log)\n" + text.substring(newline + 1);
            }
            return text;
        }
    }

    private Run run(Context ctx) {
        String app = apps.get(ctx.pathParam("app")).name();
        long number = Json.number(ctx, "run");
        return runs.find(app, number).orElseThrow(() -> Problem.notFound("run #" + number + " of app '" + app
                + "' does not exist"));
    }

    private static void htmx(Context ctx) throws IOException {
        var in = Dashboard.class.getResourceAsStream("/META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js");
        if (in == null) {
            throw Problem.notFound("htmx is missing from the classpath (webjar org.webjars.npm:htmx.org:2.0.10)");
        }
        ctx.header("Cache-Control", "public, max-age=86400").contentType("text/javascript").result(in);
    }
}
