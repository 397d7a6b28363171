package dev.slipway.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** The HTTP face of Slipway: REST API, health, and the built-in git remote, on one Javalin server. */
public final class ApiServer implements AutoCloseable {
    private final Javalin javalin;
    private List<Routes.Entry> routes = List.of();
    /** The dashboard's live streams, stopped with the server. */
    private final List<AutoCloseable> streams = new ArrayList<>();

    /** The API's parts, each registering its routes with their permissions. */
    public record Parts(AppsApi apps, RunsApi runs, EnvironmentsApi environments, AccountsApi accounts, AuditApi audit,
                        SecretsApi secrets,
                        PromotionsApi promotions, ProtectionsApi protections, Dashboard.Parts dashboard,
                        MetricsEndpoint metrics, KeysApi keys) {}

    /** {@code streamRecheck}: how often open event streams pass the door again (see {@link StreamChecks}). */
    public ApiServer(String host, int port, Servlet gitServlet, Filter gitFilter, Authenticator authenticator,
                     Access access, Parts parts, Duration streamRecheck) {
        StreamChecks checks = new StreamChecks(streamRecheck);
        streams.add(checks);
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
                h.addFilter(new FilterHolder(new SecurityHeaders()), "/*", EnumSet.of(DispatcherType.REQUEST));
                h.addFilter(new FilterHolder(gitFilter), "/git/*", EnumSet.of(DispatcherType.REQUEST));
            });
            Routes guarded = new Routes(cfg.routes, authenticator, access, checks);
            guarded.get("/healthz", Permission.anyone(), ctx -> ctx.json(new Health("ok")));
            guarded.get("/api/v1/openapi.yaml", Permission.anyone(), ctx -> ctx.contentType("application/yaml")
                    .result(ApiServer.class.getResourceAsStream("/openapi.yaml").readAllBytes()));
            parts.apps().register(guarded);
            parts.runs().register(guarded);
            parts.environments().register(guarded);
            parts.accounts().register(guarded);
            parts.audit().register(guarded);
            parts.secrets().register(guarded);
            parts.promotions().register(guarded);
            parts.protections().register(guarded);
            parts.metrics().register(guarded);
            parts.keys().register(guarded);
            new LintApi().register(guarded);
            registerDashboard(guarded, authenticator, access, parts.dashboard());
            routes = guarded.entries();
        });
    }

    /** The dashboard under /ui: its routes join the same route table, behind a session-cookie door. */
    private void registerDashboard(Routes guarded, Authenticator authenticator, Access access, Dashboard.Parts ui) {
        Templates templates = new Templates();
        guarded.config().before(ctx -> ctx.attribute(Templates.STARTED, System.nanoTime()));
        guarded.config().before("/ui/*", SameOrigin::check);
        SignIn signIn = new SignIn(authenticator, new Sessions(ui.pages().clock()), templates);
        Routes pages = guarded.authenticatedBy(signIn::caller);
        signIn.register(pages);
        ui.pages().register(pages, signIn, templates);
        LiveUpdates live = new LiveUpdates(ui.pages().changes(), access, guarded.streams());
        LogTails tails = new LogTails(ui.run().runs(), ui.run().logs(), guarded.streams());
        streams.add(live);
        streams.add(tails);
        live.register(pages);
        ui.run().register(pages, signIn, templates, ui.pages().summaries(), tails);
        ui.actions().register(pages, signIn, templates);
        ui.environment().register(pages, signIn, templates, ui.pages());
        ui.audit().register(pages, signIn, templates);
        Errors.register(guarded.config(), new ErrorPages(templates, signIn));
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
