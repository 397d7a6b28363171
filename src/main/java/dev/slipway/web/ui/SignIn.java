package dev.slipway.web.ui;

import dev.slipway.Problem;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Principal;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Dashboard sign-in with an API token, and the door check for dashboard routes: a session cookie (HttpOnly,
 * SameSite=Strict, Secure over TLS) whose POSTs must carry the session's CSRF token, or a Bearer header (scripts:
 * a browser never adds one by itself, so it needs no CSRF token).
 */
public final class SignIn {
    static final String COOKIE = "slipway_session";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION = "slipway.session";
    private static final String ENDED = COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final Templates templates;

    public SignIn(Authenticator authenticator, Sessions sessions, Templates templates) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.templates = templates;
    }

    public void register(Routes routes) {
        routes.get("/ui/signin", Permission.anyone(), ctx -> form(ctx, null));
        routes.post("/ui/signin", Permission.anyone(), this::signIn);
        routes.post("/ui/signout", Permission.authenticated(), ctx -> {
            sessions.end(ctx.cookie(COOKIE));
            ctx.res().addHeader("Set-Cookie", ENDED);
            ctx.redirect("/ui/signin", io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    void form(Context ctx, String error) {
        templates.page(ctx, "signin.jte", Map.of("error", error == null ? "" : error));
    }

    private void signIn(Context ctx) {
        Authenticator.SignedIn who;
        try {
            who = authenticator.signIn(ctx.formParam("token"));
        } catch (Problem e) {
            ctx.status(400); // the form's answer, not the door's: this route is open to everyone
            form(ctx, e.getMessage());
            return;
        }
        Sessions.Session session = sessions.create(who.tokenId());
        boolean tls = "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; Max-Age="
                + Sessions.LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
        ctx.redirect("/ui", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /**
     * Who is calling a dashboard route, by the session's token as it is now (revoked or expired: the session ends
     * and the browser gets the sign-in form); a cookie-borne POST without the session's CSRF token is refused.
     */
    public Authenticator.SignedIn caller(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            return authenticator.identify(header);
        }
        Sessions.Session session = sessions.find(ctx.cookie(COOKIE)).orElseThrow(() -> Problem.unauthenticated(
                "sign in first: open /ui/signin and paste a token (`slipway token create`)"));
        if (!"GET".equals(ctx.req().getMethod()) && !csrfMatches(ctx, session)) {
            throw Problem.forbidden("this form's CSRF token is missing or wrong (an old page or another site?): "
                    + "reload the page and try again");
        }
        Principal who;
        try {
            who = authenticator.stillValid(session.tokenId());
        } catch (Problem e) {
            sessions.end(session.id());
            ctx.res().addHeader("Set-Cookie", ENDED);
            throw e;
        }
        ctx.attribute(SESSION, session);
        return new Authenticator.SignedIn(who, session.tokenId());
    }

    /** The viewer as the templates see it: name, CSRF token for forms, and the last action's result. */
    Pages.Viewer viewer(Context ctx) {
        Sessions.Session session = ctx.attribute(SESSION);
        String user = Routes.principal(ctx).user();
        // a live part re-fetching itself (htmx names the element, #live) shows no flash: leave it for the page
        boolean livePart = "live".equals(ctx.header("HX-Trigger"));
        return new Pages.Viewer(user, session == null ? "" : session.csrf(),
                livePart ? null : sessions.takeFlash(session));
    }

    void flash(Context ctx, String message) {
        Sessions.Session session = ctx.attribute(SESSION);
        if (session != null) {
            sessions.flash(session, message);
        }
    }

    private static boolean csrfMatches(Context ctx, Sessions.Session session) {
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8));
    }
}
