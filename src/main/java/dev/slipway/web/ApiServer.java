package dev.slipway.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** The HTTP face of Slipway: REST API, health, and the built-in git remote, on one Javalin server. */
public final class ApiServer implements AutoCloseable {
    private final Javalin javalin;

    public ApiServer(String host, int port, Servlet gitServlet, AppsApi apps, RunsApi runs, EnvironmentsApi environments) {
        ObjectMapper json = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.modifyServletContextHandler(h -> h.addServlet(new ServletHolder("git", gitServlet), "/git/*"));
            cfg.routes.get("/healthz", ctx -> ctx.json(new Health("ok")));
            apps.register(cfg.routes);
            runs.register(cfg.routes);
            environments.register(cfg.routes);
            Errors.register(cfg.routes);
        });
    }

    record Health(String status) {}

    /** Starts listening; a taken port fails here, before anything else has started. */
    public void start() {
        javalin.start();
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
