package dev.slipway.auth;

import java.time.Instant;

/** Someone (or something, like a CI job) that authenticates with tokens. */
public record User(String name, Instant createdAt) {}
