package dev.slipway.web.api;

import dev.slipway.Problem;
import dev.slipway.app.App;
import dev.slipway.app.Apps;
import dev.slipway.app.GitRepositories;
import dev.slipway.auth.Access;
import dev.slipway.auth.Role;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import dev.slipway.forge.FollowCredentials;
import dev.slipway.forge.Follows;
import dev.slipway.forge.Forge;
import dev.slipway.forge.UpstreamRepository;
import dev.slipway.pipeline.Durations;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/** /api/v1/apps */
public final class AppsApi {
    private final Apps apps;
    private final GitRepositories git;
    private final String baseUrl;
    private final Access access;
    private final Follows follows;
    private final UpstreamRepository upstreams;

    public AppsApi(Apps apps, GitRepositories git, String baseUrl, Access access, Follows follows,
                   UpstreamRepository upstreams) {
        this.apps = apps;
        this.git = git;
        this.baseUrl = baseUrl;
        this.access = access;
        this.follows = follows;
        this.upstreams = upstreams;
    }

    /** {@code from} and what follows it only for an app that follows a repository on a forge. */
    record CreateApp(String name, String from, String forge, String apiUrl, String branchFilter, String pollInterval,
                     String token, String sshKey, String knownHosts, Boolean reportStatuses, Boolean reportDeployments,
                     String webhookSecret) {}

    public void register(Routes routes) {
        routes.post("/api/v1/apps", Permission.global(Role.ADMIN), this::create);
        // Everyone signed in may list, but sees only the apps they hold a role on.
        routes.get("/api/v1/apps", Permission.authenticated(), ctx -> ctx.json(new Views.AppList(apps.list().stream()
                .filter(app -> access.allows(Routes.principal(ctx), Role.VIEWER, app.name()))
                .map(app -> view(app, ctx)).toList())));
        routes.get("/api/v1/apps/{app}", Permission.onApp(Role.VIEWER),
                ctx -> ctx.json(view(apps.get(ctx.pathParam("app")), ctx)));
    }

    private void create(Context ctx) {
        CreateApp body = Json.body(ctx, CreateApp.class, "{\"name\": \"hello\"}");
        String actor = Routes.principal(ctx).user();
        if (body.from() == null) {
            if (body.token() != null || body.sshKey() != null || body.forge() != null || body.branchFilter() != null) {
                throw Problem.invalid("token, ssh_key, forge and branch_filter are for an app that follows a repository: "
                        + "give its URL as \"from\"");
            }
            ctx.status(201).json(view(apps.create(actor, body.name()), ctx));
            return;
        }
        Follows.Followed followed = follows.create(actor, request(body));
        Views.AppView view = Views.app(followed.app(), git.cloneUrl(body.name(), baseUrl), actor,
                Views.upstream(followed.upstream(), Optional.empty(), baseUrl, followed.webhookSecret()));
        ctx.status(201).json(view);
    }

    private static Follows.Request request(CreateApp b) {
        Optional<Duration> every = Optional.ofNullable(b.pollInterval()).map(text -> {
            try {
                return Durations.parse(text.strip());
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("poll_interval '" + text + "' is not a duration: " + e.getMessage() + " (e.g. 60s)");
            }
        });
        return new Follows.Request(b.name(), b.from(), Optional.ofNullable(b.forge()).map(Forge::of),
                Optional.ofNullable(b.apiUrl()), Optional.ofNullable(b.branchFilter()),
                Optional.ofNullable(b.knownHosts()), every, Optional.ofNullable(b.reportStatuses()),
                Boolean.TRUE.equals(b.reportDeployments()),
                new FollowCredentials(Optional.ofNullable(b.token()), Optional.ofNullable(b.sshKey())),
                Optional.ofNullable(b.webhookSecret()));
    }

    private Views.AppView view(App app, Context ctx) {
        Views.UpstreamView upstream = upstreams.find(app.name())
                .map(u -> Views.upstream(u, upstreams.state(app.name()), baseUrl, null)).orElse(null);
        return Views.app(app, git.cloneUrl(app.name(), baseUrl), Routes.principal(ctx).user(), upstream);
    }
}
