package dev.slipway.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.slipway.Changes;
import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.pipeline.LogReader;
import dev.slipway.pipeline.LogStore;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.web.api.AccountsApi;
import dev.slipway.web.api.AppsApi;
import dev.slipway.web.api.AuditApi;
import dev.slipway.web.api.EnvironmentsApi;
import dev.slipway.web.api.GcApi;
import dev.slipway.web.api.HooksApi;
import dev.slipway.web.api.ImagesApi;
import dev.slipway.web.api.KeysApi;
import dev.slipway.web.api.LintApi;
import dev.slipway.web.api.MetricsEndpoint;
import dev.slipway.web.api.PortsApi;
import dev.slipway.web.api.PromotionsApi;
import dev.slipway.web.api.ReportsApi;
import dev.slipway.web.api.SbomsApi;
import dev.slipway.web.api.ProtectionsApi;
import dev.slipway.web.api.RunsApi;
import dev.slipway.web.api.SecretsApi;
import dev.slipway.web.api.ServiceLogsApi;
import dev.slipway.web.api.ExecutorsApi;
import dev.slipway.web.api.JobFilesApi;
import dev.slipway.web.api.TargetsApi;
import dev.slipway.web.api.UserLinksApi;
import dev.slipway.web.api.ProvenanceApi;
import dev.slipway.web.sse.LiveUpdates;
import dev.slipway.web.sse.LogStream;
import dev.slipway.web.sse.LogTails;
import dev.slipway.web.ui.Dashboard;
import dev.slipway.web.ui.ErrorPages;
import dev.slipway.web.ui.Sessions;
import dev.slipway.web.ui.SignIn;
import dev.slipway.web.ui.Templates;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** The HTTP face of Slipway: REST API, health, the built-in git remote and OCI registry, on one Javalin server. */
public final class ApiServer implements AutoCloseable {
    private final Javalin javalin;
    private List<Routes.Entry> routes = List.of();
    /** The dashboard's live streams, stopped with the server. */
    private final List<AutoCloseable> streams = new ArrayList<>();

    /** The API's parts, each registering its routes with their permissions. */
    public record Parts(AppsApi apps, RunsApi runs, EnvironmentsApi environments, PortsApi ports, AccountsApi accounts,
                        AuditApi audit, SecretsApi secrets, PromotionsApi promotions, ProtectionsApi protections,
                        Dashboard.Parts dashboard, MetricsEndpoint metrics, KeysApi keys, LintApi lint,
                        ServiceLogsApi serviceLogs, ImagesApi images, GcApi gc, TargetsApi targets,
                        ExecutorsApi executors, JobFilesApi jobFiles, ReportsApi reports, HooksApi hooks,
                        UserLinksApi links, SbomsApi sboms, ProvenanceApi provenance) {}

    /**
     * What the server's own streams and sessions read: runs and their logs (followed logs), committed changes (live
     * pages), the clock (sessions); {@code recheck}: how often open event streams pass the door again (see
     * {@link StreamChecks}).
     */
    public record Feeds(RunRepository runs, LogStore logs, LogReader reader, Changes changes, Clock clock,
                        Duration recheck) {}

    /** {@code registry}: the OCI registry, served at /v2/ beside the git remote. */
    public ApiServer(String host, int port, Servlet gitServlet, Filter gitFilter, Servlet registry,
                     Authenticator authenticator, Access access, Parts parts, Feeds feeds) {
        StreamChecks checks = new StreamChecks(feeds.recheck());
        LiveUpdates live = new LiveUpdates(feeds.changes(), access, checks);
        LogTails tails = new LogTails(feeds.runs(), feeds.reader(), checks);
        streams.addAll(List.of(checks, live, tails));
        ObjectMapper json = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.modifyServletContextHandler(h -> {
                h.addServlet(new ServletHolder("git", gitServlet), "/git/*");
                h.addServlet(new ServletHolder("registry", registry), "/v2/*");
                h.addFilter(new FilterHolder(new SecurityHeaders()), "/*", EnumSet.of(DispatcherType.REQUEST));
                h.addFilter(new FilterHolder(gitFilter), "/git/*", EnumSet.of(DispatcherType.REQUEST));
            });
            Routes guarded = new Routes(cfg.routes, authenticator, access);
            guarded.get("/healthz", Permission.anyone(), ctx -> ctx.json(new Health("ok")));
            guarded.get("/api/v1/openapi.yaml", Permission.anyone(), ctx -> ctx.contentType("application/yaml")
                    .result(ApiServer.class.getResourceAsStream("/openapi.yaml").readAllBytes()));
            parts.apps().register(guarded);
            LogStream logStream = new LogStream(feeds.runs(), feeds.logs(), tails, checks);
            parts.runs().register(guarded, logStream);
            parts.serviceLogs().register(guarded, logStream);
            parts.environments().register(guarded);
            parts.ports().register(guarded);
            parts.accounts().register(guarded);
            parts.audit().register(guarded);
            parts.secrets().register(guarded);
            parts.promotions().register(guarded);
            parts.protections().register(guarded);
            parts.metrics().register(guarded);
            parts.keys().register(guarded);
            parts.lint().register(guarded);
            parts.images().register(guarded);
            parts.gc().register(guarded);
            parts.targets().register(guarded);
            parts.executors().register(guarded);
            parts.jobFiles().register(guarded);
            parts.reports().register(guarded);
            parts.hooks().register(guarded);
            parts.links().register(guarded);
            parts.sboms().register(guarded);
            parts.provenance().register(guarded);
            Templates templates = new Templates();
            cfg.routes.before(ctx -> ctx.attribute(Templates.STARTED, System.nanoTime()));
            cfg.routes.before("/ui/*", SameOrigin::check);
            SignIn signIn = new SignIn(authenticator, new Sessions(feeds.clock()), templates);
            registerDashboard(guarded.authenticatedBy(signIn::caller), parts.dashboard(), signIn, templates, live, tails);
            Errors.register(cfg.routes, new ErrorPages(templates, signIn));
            routes = guarded.entries();
        });
    }

    /** The dashboard under /ui: its routes join the same route table, behind a session-cookie door. */
    private static void registerDashboard(Routes pages, Dashboard.Parts ui, SignIn signIn, Templates templates,
                                          LiveUpdates live, LogTails tails) {
        signIn.register(pages);
        ui.pages().register(pages, signIn, templates);
        live.register(pages);
        ui.run().register(pages, signIn, templates, tails);
        ui.actions().register(pages, signIn, templates);
        ui.environment().register(pages, signIn, templates, ui.pages(), tails);
        ui.audit().register(pages, signIn, templates);
    }

    record Health(String status) {}

    /** Starts listening; a taken port fails here, before anything else has started. */
    public void start() {
        javalin.start();
    }

    /** Every registered route with the permission it requires (for the permission matrix). */
    public List<String> routeTable() {
        return routes.stream().map(e -> e.method() + " " + e.path() + " " + describe(e.permission())).toList();
    }

    private static String describe(Permission p) {
        if (p instanceof Permission.OnApp onApp) {
            return onApp.role().label() + "@app";
        }
        if (p instanceof Permission.Global global) {
            return global.role().label() + "@*";
        }
        if (p instanceof Permission.SelfOrAdmin) {
            return "self-or-admin@*";
        }
        if (p instanceof Permission.OfRun) {
            return "run-token@run";
        }
        return p instanceof Permission.Anyone ? "anyone" : "authenticated";
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        for (AutoCloseable stream : streams) {
            try {
                stream.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        javalin.stop();
    }
}
