package dev.slipway.git;

import dev.slipway.Problem;
import dev.slipway.app.AppRepository;
import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The git door: every request to the remote is authenticated (HTTP basic: user name + token) and authorized
 * through the one authorization function — fetching needs viewer, pushing needs developer. Refusals are plain
 * text, which git prints to the user.
 */
public final class GitAccessFilter implements Filter {
    private final Authenticator authenticator;
    private final Access access;
    private final AppRepository apps;

    public GitAccessFilter(Authenticator authenticator, Access access, AppRepository apps) {
        this.authenticator = authenticator;
        this.access = access;
        this.apps = apps;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        String app = appOf(http.getPathInfo());
        boolean push = isPush(http);
        Principal who;
        try {
            who = authenticator.authenticate(http.getHeader("Authorization"));
        } catch (Problem e) {
            out.setHeader("WWW-Authenticate", "Basic realm=\"Slipway\"");
            refuse(out, 401, e.getMessage());
            return;
        }
        if (apps.find(app).isEmpty()) {
            // git prints a text/plain body of a 404 as `remote:` lines before its own "repository not found"
            refuse(out, 404, "Slipway has no app named '" + app + "'. An admin creates it with: slipway app create "
                    + (app.isEmpty() ? "NAME" : app) + "\n(the remote is http://HOST:PORT/git/APP.git)");
            return;
        }
        try {
            access.require(who, push ? Role.DEVELOPER : Role.VIEWER, app);
        } catch (Problem e) {
            refuse(out, 403, (push ? "push refused: " : "fetch refused: ") + e.getMessage());
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public String getRemoteUser() {
                return who.user();
            }
        }, response);
    }

    /** The smart-HTTP push endpoints: the advertisement (?service=git-receive-pack) and the pack upload. */
    static boolean isPush(HttpServletRequest request) {
        String query = request.getQueryString();
        String path = request.getPathInfo();
        return (query != null && query.contains("service=git-receive-pack"))
                || (path != null && path.endsWith("/git-receive-pack"));
    }

    static String appOf(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return "";
        }
        String first = pathInfo.substring(1).split("/", 2)[0];
        return first.endsWith(".git") ? first.substring(0, first.length() - 4) : first;
    }

    private static void refuse(HttpServletResponse out, int status, String message) throws IOException {
        out.setStatus(status);
        out.setContentType("text/plain; charset=utf-8");
        out.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
