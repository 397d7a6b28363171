package dev.slipway.web;

import dev.slipway.auth.Role;

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

    static Permission selfOrAdmin() {
        return new SelfOrAdmin();
    }
}
