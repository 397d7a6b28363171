package dev.slipway.app;

import java.time.Instant;

/** A service with one git repository and a .slipway.yml at its root. */
public record App(String name, Instant createdAt) {}
