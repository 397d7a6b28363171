package dev.slipway.promotion;

import dev.slipway.auth.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Put an artifact into {@code environment}: the artifact of {@code commit} (full or abbreviated id), or the one live
 * in the environment {@code from}; exactly one of the two. {@code requestedBy} is who asks (for a push or a tag,
 * the pusher).
 */
public record PromotionRequest(
        String app,
        String environment,
        Optional<String> commit,
        Optional<String> from,
        PromotionSource source,
        Principal requestedBy) {

    public PromotionRequest {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(source, "source");
    }

    public static PromotionRequest ofCommit(String app, String environment, String commit, PromotionSource source,
                                            Principal requestedBy) {
        return new PromotionRequest(app, environment, Optional.of(commit), Optional.empty(), source, requestedBy);
    }

    public static PromotionRequest fromEnvironment(String app, String environment, String from, PromotionSource source,
                                                   Principal requestedBy) {
        return new PromotionRequest(app, environment, Optional.empty(), Optional.of(from), source, requestedBy);
    }
}
