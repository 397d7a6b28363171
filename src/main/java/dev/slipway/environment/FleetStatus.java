package dev.slipway.environment;

import dev.slipway.artifact.Digest;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each target of an environment was last seen doing, as the rollouts and the reconciler observed it: the
 * digest it runs, its slot and health, and whether it is in sync with the environment's release — and since when.
 * Kept in memory: after a restart the reconciler's first look fills it again (the targets are the truth).
 */
public final class FleetStatus {

    /** How a target stands against its environment's release. */
    public enum Sync {
        /** runs the release and answers health */
        IN_SYNC,
        /** being brought to the release now */
        CONVERGING,
        /** ran something else, or nothing, until the reconciler put the release back */
        DRIFTED,
        /** its engine does not answer; it converges when it returns */
        UNREACHABLE,
        /** putting the release there failed; the reconciler tries again at its next look */
        FAILED
    }

    /** One target of one environment, as last seen. */
    public record TargetState(String target, Sync sync, long deployment, Optional<Digest> digest, String slot,
                              boolean healthy, Instant since, String detail, Optional<Upstream> upstream) {
        TargetState healthy(boolean now) {
            return new TargetState(target, sync, deployment, digest, slot, now, since, detail, upstream);
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, TargetState>> byEnvironment = new ConcurrentHashMap<>();

    public FleetStatus(Clock clock) {
        this.clock = clock;
    }

    /** Records what a target was seen doing; {@code since} moves only when its sync changes. */
    void saw(String app, String environment, TargetState seen) {
        Map<String, TargetState> targets = byEnvironment.computeIfAbsent(key(app, environment),
                k -> new ConcurrentHashMap<>());
        targets.merge(seen.target(), seen, (old, now) -> old.sync() == now.sync()
                ? new TargetState(now.target(), now.sync(), now.deployment(), now.digest(), now.slot(), now.healthy(),
                old.since(), now.detail(), now.upstream())
                : now);
    }

    TargetState seen(String target, Sync sync, long deployment, Optional<Digest> digest, String slot, boolean healthy,
                     String detail, Optional<Upstream> upstream) {
        return new TargetState(target, sync, deployment, digest, slot, healthy, clock.instant(), detail, upstream);
    }

    /** Marks a target's health as the last probe found it. */
    void health(String app, String environment, String target, boolean healthy) {
        Map<String, TargetState> targets = byEnvironment.get(key(app, environment));
        if (targets != null) {
            targets.computeIfPresent(target, (t, state) -> state.healthy(healthy));
        }
    }

    /** Leaves only {@code kept} of the environment's targets (one unbound is no longer reported). */
    void keepOnly(String app, String environment, java.util.Set<String> kept) {
        Map<String, TargetState> targets = byEnvironment.get(key(app, environment));
        if (targets != null) {
            targets.keySet().retainAll(kept);
        }
    }

    /** The environment's targets as last seen, by name; empty for one on this host. */
    public List<TargetState> of(String app, String environment) {
        Map<String, TargetState> targets = byEnvironment.get(key(app, environment));
        return targets == null ? List.of() : targets.values().stream()
                .sorted(Comparator.comparing(TargetState::target)).toList();
    }

    Optional<TargetState> of(String app, String environment, String target) {
        Map<String, TargetState> targets = byEnvironment.get(key(app, environment));
        return Optional.ofNullable(targets == null ? null : targets.get(target));
    }

    void forget(String app, String environment) {
        byEnvironment.remove(key(app, environment));
    }

    Instant now() {
        return clock.instant();
    }

    private static String key(String app, String environment) {
        return app + "/" + environment;
    }
}
