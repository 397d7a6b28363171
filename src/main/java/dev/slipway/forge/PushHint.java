package dev.slipway.forge;

import java.util.Objects;
import java.util.Optional;

/**
 * What a webhook delivery says moved: a hint only. The mirror fetches and trusts what the fetch shows; the pusher is
 * believed for a ref only when the fetched ref is at {@code after}. {@code ref} is a full ref name
 * ({@code refs/heads/main}, {@code refs/tags/v1}); {@code after} is 40 zeros for a deletion and null when the
 * delivery does not say (GitHub's create and delete events): then the mirror just looks. {@code pusher} is the
 * Slipway user linked to the forge login, or {@code github:LOGIN} (gitlab:, gitea:) when it is linked to none.
 */
public record PushHint(String app, String deliveryId, String ref, String before, String after, String pusher) {
    public static final String ZERO = "0".repeat(40);

    public PushHint {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(pusher, "pusher");
    }

    /** The commit the delivery says the ref is at now, when it says one (empty for a deletion too). */
    public Optional<String> expected() {
        return after == null || ZERO.equals(after) ? Optional.empty() : Optional.of(after);
    }

    public boolean deletes() {
        return ZERO.equals(after);
    }
}
