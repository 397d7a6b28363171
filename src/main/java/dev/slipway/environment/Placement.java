package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * One target's part of a deployment, as observed: where it answers, which artifact it runs and in what condition.
 * A {@link Deployment} is one release into one environment with its own lifecycle; a placement is what one target
 * holds of it. Today an environment has one target, so a deployment has at most one placement.
 *
 * @param target    the target's name ("local")
 * @param address   where the placement answers itself (not the environment's public address); empty when ABSENT
 * @param running   the artifact the target says it runs; empty when it cannot tell or nothing runs
 */
public record Placement(String target, String app, String environment, long deployment, PlacementCondition condition,
                        Optional<String> address, Optional<Digest> running) {
    public Placement {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(running, "running");
    }

    /** Nothing of {@code d} on {@code target}. */
    static Placement absent(String target, Deployment d) {
        return new Placement(target, d.app(), d.environment(), d.id(), PlacementCondition.ABSENT, Optional.empty(),
                Optional.empty());
    }
}
