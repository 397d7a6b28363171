package dev.slipway.web.registry;

import dev.slipway.Problem;
import dev.slipway.app.AppRepository;
import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.image.Pusher;
import dev.slipway.image.RegistryError;
import dev.slipway.image.RegistryException;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.TargetPulls;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The registry's door: who the caller is (Basic: any Slipway user name + that user's API token, or a run's
 * credentials; Bearer: an API token) and whether they may pull (viewer) or push (developer) an app's repositories,
 * asked of the one authorization function. A run's credentials open only their own app's repositories; a target's
 * pull token only pulls, and only the apps bound to that target.
 */
final class RegistryDoor {
    private final Authenticator authenticator;
    private final Access access;
    private final RunCredentials runs;
    private final TargetPulls targets;
    private final AppRepository apps;

    RegistryDoor(Authenticator authenticator, Access access, RunCredentials runs, TargetPulls targets,
                 AppRepository apps) {
        this.authenticator = authenticator;
        this.access = access;
        this.runs = runs;
        this.targets = targets;
        this.apps = apps;
    }

    /** A signed-in caller: a user (principal), a run's job (run) or a target's engine (target). */
    record Caller(String user, Principal principal, Optional<RunCredentials.RunScope> run,
                  Optional<TargetPulls.PullScope> target) {
        Caller(String user, Principal principal, Optional<RunCredentials.RunScope> run) {
            this(user, principal, run, Optional.empty());
        }

        Pusher pusher() {
            return new Pusher(user, run.map(r -> OptionalLong.of(r.run())).orElse(OptionalLong.empty()));
        }
    }

    /** The caller, or empty when the request carries no credentials; UNAUTHORIZED when they are wrong. */
    Optional<Caller> identify(String header) throws RegistryException {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Optional<String[]> basic = basic(header.strip());
        Optional<RunCredentials.RunScope> run = basic.filter(b -> RunCredentials.isRunUser(b[0]))
                .flatMap(b -> runs.verify(b[0], b[1]));
        if (run.isPresent()) {
            return Optional.of(new Caller(run.get().user(), null, run));
        }
        Optional<TargetPulls.PullScope> target = basic.flatMap(b -> targets.verify(b[0], b[1]));
        if (target.isPresent()) {
            return Optional.of(new Caller(target.get().user(), null, Optional.empty(), target));
        }
        try {
            Principal who = authenticator.authenticate(header);
            return Optional.of(new Caller(who.user(), who, Optional.empty()));
        } catch (Problem e) {
            throw new RegistryException(RegistryError.UNAUTHORIZED, e.getMessage()
                    + " (registry: log in with your Slipway user name and an API token as the password)", null);
        }
    }

    /** Refuses unless the caller may pull ({@code push} false) or push the app's repositories. */
    void authorize(Optional<Caller> caller, String app, boolean push) throws RegistryException {
        if (caller.isEmpty()) {
            throw unauthorized();
        }
        Caller who = caller.get();
        if (who.target().isPresent()) {
            authorizeTarget(who.target().get(), app, push);
            return;
        }
        if (who.run().isPresent()) {
            RunCredentials.RunScope scope = who.run().get();
            if (!scope.app().equals(app)) {
                throw new RegistryException(RegistryError.DENIED, "the credentials of " + scope.app() + " run #"
                        + scope.run() + " open only the repositories of app '" + scope.app() + "', not '" + app + "'", app);
            }
            return;
        }
        try {
            access.require(who.principal(), push ? Role.DEVELOPER : Role.VIEWER, app);
        } catch (Problem e) {
            throw new RegistryException(RegistryError.DENIED, (push ? "push refused: " : "pull refused: ")
                    + e.getMessage(), app);
        }
    }

    private void authorizeTarget(TargetPulls.PullScope scope, String app, boolean push) throws RegistryException {
        if (push) {
            throw new RegistryException(RegistryError.DENIED, "push refused: the pull token of target '"
                    + scope.target() + "' only pulls; push with your Slipway user name and an API token", app);
        }
        Optional<String> refusal = targets.refusal(scope, app);
        if (refusal.isPresent()) {
            throw new RegistryException(RegistryError.DENIED, "pull refused: " + refusal.get(), app);
        }
    }

    /** Whether the caller may pull the app's repositories (a mount's source). */
    boolean mayPull(Optional<Caller> caller, String app) {
        try {
            authorize(caller, app, false);
            return apps.find(app).isPresent();
        } catch (RegistryException e) {
            return false;
        }
    }

    void requireApp(String app, String repository) throws RegistryException {
        if (apps.find(app).isEmpty()) {
            throw new RegistryException(RegistryError.NAME_UNKNOWN, "repository '" + repository + "' is unknown: "
                    + "Slipway has no app named '" + app + "' (an admin creates it with `slipway app create " + app
                    + "`)", repository);
        }
    }

    static RegistryException unauthorized() {
        return new RegistryException(RegistryError.UNAUTHORIZED, "authentication required: log in with your Slipway "
                + "user name and an API token as the password (`docker login HOST:PORT`)", null);
    }

    /** A Basic header's user and password, if it is one. */
    private static Optional<String[]> basic(String header) {
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}
