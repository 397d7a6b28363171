package dev.slipway.auth;

import java.time.Instant;

/** A user's role on one app, or on every app when {@code app} is {@link #EVERY_APP}. */
public record Grant(String user, String app, Role role, Instant createdAt) {
    public static final String EVERY_APP = "*";
}
