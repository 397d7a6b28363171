package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Principal;
import dev.slipway.environment.Deployment;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.RunRepository;
import dev.slipway.pipeline.RunState;
import java.util.Optional;

/**
 * A commit pushed to an environment's ref ({@code env/<ENV>}): it promotes that commit's artifact to ENV, or — when
 * that artifact was live there before — rolls ENV back to it. The git edge only says what was pushed and tells the
 * pusher the {@link Answer}.
 */
public final class EnvPushes {
    private static final int RUNS_OF_A_COMMIT = 20;

    private final Promotions promotions;
    private final Rollbacks rollbacks;
    private final RunRepository runs;

    /** What the push did; a refusal means the ref must not move. */
    public sealed interface Answer {
        /** {@code environment} was rolled back to {@code digest}, as it ran in deployment {@code earlier}. */
        record RolledBack(Digest digest, Deployment earlier, Deployment queued) implements Answer {}

        record RollbackRefused(String reason) implements Answer {}

        record Promoted(PromotionDetail promotion) implements Answer {}

        record PromotionRefused(String reason) implements Answer {}
    }

    public EnvPushes(Promotions promotions, Rollbacks rollbacks, RunRepository runs) {
        this.promotions = promotions;
        this.rollbacks = rollbacks;
        this.runs = runs;
    }

    public Answer pushed(Principal who, String app, String environment, String commit) {
        Optional<Digest> digest = artifactOf(app, commit);
        if (digest.isPresent()) {
            Optional<Deployment> earlier = rollbacks.rollbackTarget(app, environment, digest.get());
            if (earlier.isPresent()) {
                try {
                    Deployment queued = rollbacks.rollback(who, app, environment, Optional.of(earlier.get().id()));
                    return new Answer.RolledBack(digest.get(), earlier.get(), queued);
                } catch (Problem e) {
                    return new Answer.RollbackRefused(e.getMessage());
                }
            }
        }
        try {
            return new Answer.Promoted(promotions.request(
                    PromotionRequest.ofCommit(app, environment, commit, PromotionSource.PUSH, who)));
        } catch (Problem e) {
            return new Answer.PromotionRefused(e.getMessage());
        }
    }

    private Optional<Digest> artifactOf(String app, String commit) {
        return runs.ofCommit(app, commit, RUNS_OF_A_COMMIT).stream()
                .filter(r -> r.state() == RunState.SUCCEEDED && r.artifact() != null)
                .map(Run::artifact).findFirst();
    }
}
