package dev.slipway.auth;

import java.time.Instant;

/** An admin's word on whether an app's environment is protected, and who said it when. */
public record Protection(String app, String environment, boolean isProtected, String setBy, Instant setAt) {}
