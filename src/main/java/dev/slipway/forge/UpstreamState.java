package dev.slipway.forge;

import java.time.Instant;
import java.util.Optional;

/** The last look at an upstream (a poll or a webhook's fetch) and what went wrong with it, if anything. */
public record UpstreamState(Optional<Instant> syncedAt, Optional<String> error) {}
