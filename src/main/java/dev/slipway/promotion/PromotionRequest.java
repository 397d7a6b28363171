package dev.slipway.promotion;

import dev.slipway.auth.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Put an artifact into {@code environment}: the artifact of {@code commit} (full or abbreviated id), or the one live
 * in the environment {@code from}; exactly one of the two. {@code requestedBy} is who asks (for a push or a tag,
 * the pusher); {@code tag} the git tag that asks, for a tag push.
 */
public record PromotionRequest(
        String app,
        String environment,
        Optional<String> commit,
        Optional<String> from,
        PromotionSource source,
        Principal requestedBy,
        Optional<String> tag) {

    public PromotionRequest {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(source, "source");
        tag = tag == null ? Optional.empty() : tag;
    }

    /** Not from a tag. */
    public PromotionRequest(String app, String environment, Optional<String> commit, Optional<String> from,
                            PromotionSource source, Principal requestedBy) {
        this(app, environment, commit, from, source, requestedBy, Optional.empty());
    }

    /** A tag pushed at {@code commit} promotes it to {@code environment}, which takes tags like it. */
    public static PromotionRequest ofTag(String app, String environment, String commit, String tag,
                                         Principal requestedBy) {
        return new PromotionRequest(app, environment, Optional.of(commit), Optional.empty(), PromotionSource.TAG,
                requestedBy, Optional.of(tag));
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
