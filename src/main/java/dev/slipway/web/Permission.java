package dev.slipway.web;

import dev.slipway.auth.Role;
import dev.slipway.image.RunCredentials;
import java.util.Optional;

/** What a route requires of its caller. Every route declares one; the permission matrix test lists them all. */
public sealed interface Permission {
    /** Open to everyone, signed in or not (health only). */
    record Anyone() implements Permission {}

    /** Any valid token; the handler narrows further (e.g. your own tokens unless you are an admin). */
    record Authenticated() implements Permission {}

    /** A role on the app named by the route's {app} path parameter. */
    record OnApp(Role role) implements Permission {}

    /** A role that holds for every app (a grant on "*"), e.g. admin to manage users. */
    record Global(Role role) implements Permission {}

    /** The user named by the route's {user} path parameter themselves, or an admin on every app. */
    record SelfOrAdmin() implements Permission {}

    /**
     * The run's own credentials (what its jobs get as SLIPWAY_REGISTRY_USER / SLIPWAY_REGISTRY_TOKEN, by HTTP Basic),
     * for the run named by the route's {app} and {run} only: never a user's API token. A job running elsewhere (a
     * pod) fetches and sends back its files with them.
     */
    record OfRun(RunVerifier verifier) implements Permission {}

    /** Who a presented run user name and token speak for, if they are a live run credential. */
    @FunctionalInterface
    interface RunVerifier {
        Optional<RunCredentials.RunScope> verify(String user, String token);
    }

    static Permission anyone() {
        return new Anyone();
    }

    static Permission authenticated() {
        return new Authenticated();
    }

    static Permission onApp(Role role) {
        return new OnApp(role);
    }

    static Permission global(Role role) {
        return new Global(role);
    }

    static Permission ofRun(RunVerifier verifier) {
        return new OfRun(verifier);
    }

    static Permission selfOrAdmin() {
        return new SelfOrAdmin();
    }
}
