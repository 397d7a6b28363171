package dev.slipway.promotion;

import dev.slipway.auth.Access;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.pipeline.EnvironmentSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The gates an environment defines, in the order a person reads them: where from, how long, who agreed. */
public final class Gates {
    private final FromGate from;
    private final SoakGate soak;
    private final ApprovalsGate approvals;

    public Gates(PromotionRepository promotions, DeploymentRepository deployments, Access access, Clock clock) {
        LiveHistory history = new LiveHistory(deployments);
        this.from = new FromGate(history);
        this.soak = new SoakGate(history, clock);
        this.approvals = new ApprovalsGate(promotions, new PromotionRoles(access));
    }

    List<GateStatus> evaluate(Promotion promotion, EnvironmentSpec target) {
        return evaluate(promotion, target, null);
    }

    /** {@code decisions}: the promotion's approvals if the caller has read them already, else null. */
    List<GateStatus> evaluate(Promotion promotion, EnvironmentSpec target, List<Approval> decisions) {
        List<GateStatus> statuses = new ArrayList<>();
        if (target.from().isPresent()) {
            statuses.add(from.evaluate(promotion, target));
        }
        if (target.soak().isPresent()) {
            statuses.add(soak.evaluate(promotion, target));
        }
        if (target.approvals().isPresent()) {
            statuses.add(decisions == null ? approvals.evaluate(promotion, target)
                    : approvals.evaluate(promotion, target, decisions));
        }
        return statuses;
    }

    /** The from gate alone, before a promotion exists: a request it refuses is refused before anything is recorded. */
    GateStatus from(Candidate candidate) {
        return from.evaluate(candidate.app(), candidate.target().from().orElseThrow(), candidate.digest(),
                candidate.commit());
    }
}
