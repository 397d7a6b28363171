package dev.slipway.web;

import dev.slipway.Problem;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses a dashboard POST (sign-in included) that another site's page sent: a forged sign-in would put the
 * victim in the attacker's session (login CSRF), and a forged action would act as the victim. Browsers say where a
 * request comes from: {@code Sec-Fetch-Site} (modern ones), else {@code Origin}, which must name this server as
 * the request's Host does. A request with neither is not from a browser page (scripts, curl); the session's CSRF
 * token still guards actions.
 */
final class SameOrigin {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN = Set.of("same-origin", "none"); // "none": typed or bookmarked by the user

    private SameOrigin() {}

    static void check(Context ctx) {
        if (SAFE.contains(ctx.req().getMethod())) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            if (!OWN.contains(site.toLowerCase(Locale.ROOT))) {
                throw refused(ctx, "Sec-Fetch-Site: " + site);
            }
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameAuthority(origin, ctx.header("Host"))) {
            throw refused(ctx, "Origin: " + origin);
        }
    }

    private static boolean sameAuthority(String origin, String host) {
        try {
            String authority = URI.create(origin.strip()).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed page or a file) and junk are no origin of ours
        }
    }

    private static Problem refused(Context ctx, String said) {
        String what = ctx.path().equals("/ui/signin") ? "sign-in" : "form";
        return Problem.forbidden("this " + what + " was sent from another site (" + said + "), not from this "
                + "server's own pages: open " + (what.equals("sign-in") ? "/ui/signin" : "the dashboard")
                + " on this server and try again there");
    }
}
