package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import dev.slipway.environment.LiveSpan;
import dev.slipway.pipeline.EnvironmentSpec;
import java.util.List;

/** {@code from: staging}: the artifact must have gone live in staging (a deployment of that digest reached LIVE). */
final class FromGate implements Gate {
    static final String NAME = "from";

    private final LiveHistory history;

    FromGate(LiveHistory history) {
        this.history = history;
    }

    @Override
    public GateStatus evaluate(Promotion promotion, EnvironmentSpec target) {
        return evaluate(promotion.app(), target.from().orElseThrow(), promotion.digest(), promotion.commit());
    }

    GateStatus evaluate(String app, String from, Digest digest, String commit) {
        List<LiveSpan> live = history.of(app, from, digest);
        if (!live.isEmpty()) {
            LiveSpan d = live.get(0);
            return GateStatus.passed(NAME, Elapsed.digest(digest) + " went live in " + d.environment()
                    + " (deployment #" + d.id() + ")");
        }
        return GateStatus.waiting(NAME, Elapsed.digest(digest) + " never succeeded in " + from
                + ": promote it there first (`slipway promote " + app + " --to " + from + " --commit "
                + Elapsed.commit(commit) + "`)");
    }
}
