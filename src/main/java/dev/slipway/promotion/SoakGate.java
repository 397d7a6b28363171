package dev.slipway.promotion;

import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.LiveSpan;
import dev.slipway.pipeline.EnvironmentSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code soak: 10m}: the artifact must have been live in the {@code from} environment for that long without a
 * break. While it is live there and the time is not up, the gate names the moment to look again.
 */
final class SoakGate implements Gate {
    static final String NAME = "soak";

    private final LiveHistory history;
    private final Clock clock;

    SoakGate(LiveHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Override
    public GateStatus evaluate(Promotion promotion, EnvironmentSpec target) {
        Duration soak = target.soak().orElseThrow();
        String soakText = Elapsed.format(soak);
        if (target.from().isEmpty()) {
            return GateStatus.waiting(NAME, target.name() + " has soak: " + soakText + " but no 'from:' to soak in: "
                    + "add from: to " + target.name() + " in .slipway.yml");
        }
        String from = target.from().get();
        String artifact = Elapsed.digest(promotion.digest());
        Instant now = clock.instant();
        List<LiveSpan> live = history.of(promotion.app(), from, promotion.digest());
        Duration longest = Duration.ZERO;
        LiveSpan current = null;
        for (LiveSpan d : live) {
            Instant since = d.liveSince().orElse(null);
            Instant until = d.state() == DeploymentState.LIVE ? now : d.retiredAt();
            if (since == null || until == null) {
                continue; // retired at a time nobody recorded: it cannot prove a soak
            }
            Duration span = Duration.between(since, until);
            if (span.compareTo(soak) >= 0) {
                return GateStatus.passed(NAME, artifact + (d.state() == DeploymentState.LIVE ? " has been" : " was")
                        + " live in " + d.environment() + " for " + Elapsed.format(span) + " (soak " + soakText + ")");
            }
            if (d.state() == DeploymentState.LIVE) {
                current = d;
            }
            longest = span.compareTo(longest) > 0 ? span : longest;
        }
        if (current != null) {
            Instant since = current.liveSince().orElseThrow();
            return GateStatus.waitingUntil(NAME, current.environment() + " has run " + artifact + " live for "
                    + Elapsed.format(Duration.between(since, now)) + " of the " + soakText + " soak", since.plus(soak));
        }
        if (live.isEmpty()) {
            return GateStatus.waiting(NAME, artifact + " has not been live in " + from + ", so its " + soakText
                    + " soak has not started");
        }
        return GateStatus.waiting(NAME, artifact + " is no longer live in " + from + " and was live there for at most "
                + Elapsed.format(longest) + " of the " + soakText + " soak: deploy it to " + from + " again");
    }
}
