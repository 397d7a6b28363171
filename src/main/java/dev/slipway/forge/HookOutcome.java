package dev.slipway.forge;

import java.util.Map;
import java.util.Set;

/**
 * What came of a webhook delivery. REFUSED: its signature did not verify (or could not: no secret); IGNORED: an event
 * that moves no ref; ACCEPTED: verified and handed to the mirror, whose fetch is under way; then FETCHED (the mirror's
 * line) or ERRORED (the mirror failed: ours, not the pusher's). A refused delivery that the forge sends again (same
 * delivery id, the secret fixed since) may still be accepted or ignored.
 */
public enum HookOutcome {
    REFUSED, IGNORED, ACCEPTED, FETCHED, ERRORED;

    private static final Map<HookOutcome, Set<HookOutcome>> MOVES = Map.of(
            REFUSED, Set.of(IGNORED, ACCEPTED),
            IGNORED, Set.of(),
            ACCEPTED, Set.of(FETCHED, ERRORED),
            FETCHED, Set.of(),
            ERRORED, Set.of());

    public boolean canMoveTo(HookOutcome next) {
        return MOVES.get(this).contains(next);
    }

    /** Throws unless the move is in the table: the store's compare-and-set then makes it happen once. */
    public void requireMoveTo(HookOutcome next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a delivery cannot move from " + this + " to " + next);
        }
    }
}
