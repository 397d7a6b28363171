package dev.slipway.web.ui;

import dev.slipway.Problem;
import dev.slipway.app.Apps;
import dev.slipway.artifact.BuiltFrom;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Role;
import dev.slipway.environment.Deployment;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.secret.Secrets;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** /ui/apps/{app}/environments/{env}: its history, its configuration's names (secrets masked), its address. */
public final class EnvironmentPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Apps apps;
    private final Environments environments;
    private final Secrets secrets;
    private final BuiltFrom builtFrom;

    public EnvironmentPage(Apps apps, Environments environments, Secrets secrets, BuiltFrom builtFrom) {
        this.apps = apps;
        this.environments = environments;
        this.secrets = secrets;
        this.builtFrom = builtFrom;
    }

    public void register(Routes routes, SignIn signIn, Templates templates, Dashboard dashboard) {
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
                    Map.entry("history", history(app, env)),
                    Map.entry("canDeploy", dashboard.canDeploy(Routes.principal(ctx), app, env))));
        });
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
