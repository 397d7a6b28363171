package dev.slipway.forge;

import java.time.Instant;
import java.util.Optional;

/**
 * The last look at an upstream that went well (a poll or a webhook's fetch; empty until the first did) and what went
 * wrong with the last one, if it failed.
 */
public record UpstreamState(Optional<Instant> syncedAt, Optional<String> error) {}
