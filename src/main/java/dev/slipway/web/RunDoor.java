package dev.slipway.web;

import dev.slipway.Problem;
import dev.slipway.image.RunCredentials;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The door of the routes a run's jobs call from elsewhere ({@link Permission.OfRun}): HTTP Basic with the run's own
 * user name and token, for the run in the path only. A missing or wrong credential (a user's API token included:
 * these routes take none) is 401; a live credential of another run or app is 403.
 */
final class RunDoor {
    private RunDoor() {}

    static void admit(Permission.OfRun permission, Context ctx) {
        String[] basic = basic(ctx.header("Authorization"));
        Optional<RunCredentials.RunScope> scope = basic == null || !RunCredentials.isRunUser(basic[0]) ? Optional.empty()
                : permission.verifier().verify(basic[0], basic[1]);
        if (scope.isEmpty()) {
            throw Problem.unauthenticated("this endpoint takes the run's own credentials by HTTP Basic (the job's "
                    + "SLIPWAY_REGISTRY_USER and SLIPWAY_REGISTRY_TOKEN), valid while the run's jobs run; "
                    + (basic == null ? "none were sent" : "those sent are not a live run's"));
        }
        String app = ctx.pathParam("app");
        String run = ctx.pathParam("run");
        if (!scope.get().app().equals(app) || !Long.toString(scope.get().run()).equals(run)) {
            throw Problem.forbidden("the credentials of " + scope.get().app() + " run #" + scope.get().run()
                    + " open that run's files only, not those of " + app + " run #" + run);
        }
    }

    /** {user, token} of an HTTP Basic header, or null. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
