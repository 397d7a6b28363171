package dev.slipway.forge;

import java.util.List;
import java.util.Objects;

/**
 * A delivery read from a forge's format, before anyone trusts it. {@code kind} says what to do with it;
 * {@code repositoryUrls} are every URL the payload names for its repository (empty when it names none); for a
 * {@link Kind#MOVE}, {@code ref} is a full ref name, {@code before}/{@code after} as in {@link PushHint} and
 * {@code login} who pushed on the forge.
 */
record ForgeEvent(Kind kind, String deliveryId, String event, List<String> repositoryUrls, String ref, String before,
                  String after, String login) {
    enum Kind {
        /** A ref moved, was created or deleted: the mirror should look. */
        MOVE,
        /** The forge checking the hook works (GitHub's ping): answered, never stored. */
        PING,
        /** Anything else the forge sends (issues, merge requests, …): stored as IGNORED. */
        OTHER
    }

    ForgeEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(event, "event");
        repositoryUrls = List.copyOf(repositoryUrls);
        if (kind == Kind.MOVE) {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(login, "login");
        }
    }

    static ForgeEvent other(Kind kind, String deliveryId, String event, List<String> urls) {
        return new ForgeEvent(kind, deliveryId, event, urls, null, null, null, null);
    }
}
