package dev.slipway.auth;

import java.time.Instant;

/** What may be shown about a token: everything but its secret. {@code expiresAt} and {@code revokedAt} may be null. */
public record TokenInfo(String id, String user, Instant createdAt, Instant expiresAt, Instant revokedAt) {}
