package dev.slipway.promotion;

import dev.slipway.artifact.Provenances;
import dev.slipway.auth.Access;
import dev.slipway.environment.DeploymentRepository;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Evidence;
import dev.slipway.pipeline.Rebuilds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The gates an environment defines, in the order a person reads them: where from, how long, who agreed. */
public final class Gates {
    private final LiveHistory history;
    private final ApprovalsGate approvals;
    private final DeploymentRepository deployments;
    private final Clock clock;
    private final ProvenanceGate provenance;
    private final Candidates candidates;
    private final ReproducibleGate reproducible;

    /** Gates that cannot check evidence: an environment that requires provenance takes nothing (tests, tools). */
    public Gates(PromotionRepository promotions, DeploymentRepository deployments, Access access, Clock clock) {
        this(promotions, deployments, access, clock, null, null, null, null);
    }

    /**
     * {@code provenances} and {@code commits} check {@code require: [provenance]} (see {@link ProvenanceGate});
     * {@code rebuilds}: the reproducibility checks {@code require: [reproducible]} waits for (null: it never passes).
     */
    public Gates(PromotionRepository promotions, DeploymentRepository deployments, Access access, Clock clock,
                 Candidates candidates, Provenances provenances, CommitHistory commits, Rebuilds rebuilds) {
        this.provenance = provenances == null ? null : new ProvenanceGate(provenances, commits);
        this.candidates = candidates;
        this.reproducible = rebuilds == null ? null : new ReproducibleGate(rebuilds);
        this.history = new LiveHistory(deployments);
        this.approvals = new ApprovalsGate(promotions, access);
        this.deployments = deployments;
        this.clock = clock;
    }

    /** Where artifacts have been live, asked of the repository each time. */
    LiveHistory history() {
        return history;
    }

    /** Where the artifacts of all pending promotions have been live, read at once: see {@link #evaluate(Promotion,
     * EnvironmentSpec, List, LiveHistory)}. */
    LiveHistory historyOfPending() {
        return LiveHistory.ofPending(deployments);
    }

    List<GateStatus> evaluate(Promotion promotion, EnvironmentSpec target) {
        return evaluate(promotion, target, null, history);
    }

    /**
     * {@code decisions}: the promotion's approvals and authors if the caller has read them already, else null; the
     * from and soak gates answered from {@code history} (e.g. {@link #historyOfPending()}).
     */
    List<GateStatus> evaluate(Promotion promotion, EnvironmentSpec target, Decisions decisions, LiveHistory history) {
        List<GateStatus> statuses = new ArrayList<>();
        if (target.from().isPresent()) {
            statuses.add(new FromGate(history).evaluate(promotion, target));
        }
        if (target.soak().isPresent()) {
            statuses.add(new SoakGate(history, clock).evaluate(promotion, target));
        }
        if (target.require().contains(Evidence.PROVENANCE)) {
            statuses.add(provenance(promotion.app(), promotion.digest(), promotion.commit(), target, promotion.run()));
        }
        if (target.approvals().isPresent()) {
            statuses.add(decisions == null ? approvals.evaluate(promotion, target)
                    : approvals.evaluate(promotion, target, decisions));
        }
        if (target.require().contains(Evidence.REPRODUCIBLE)) {
            statuses.add(reproducible == null ? GateStatus.waiting(ReproducibleGate.NAME, "this server cannot rebuild")
                    : reproducible.evaluate(promotion, target));
        }
        return statuses;
    }

    /** The provenance gate alone, before a promotion exists: like the from gate, refused up front. */
    GateStatus provenance(Candidate candidate) {
        return provenance(candidate.app(), candidate.digest(), candidate.commit(), candidate.target(),
                candidate.run().number());
    }

    private GateStatus provenance(String app, dev.slipway.artifact.Digest digest, String promoted,
                                  EnvironmentSpec target, long run) {
        if (provenance == null) {
            return GateStatus.waiting(ProvenanceGate.NAME, target.name() + " requires provenance, which this server "
                    + "was not set up to check");
        }
        return provenance.evaluate(app, digest, promoted, target, candidates.pipelineOf(app, run));
    }

    /** The from gate alone, before a promotion exists: a request it refuses is refused before anything is recorded. */
    GateStatus from(Candidate candidate) {
        return new FromGate(history).evaluate(candidate.app(), candidate.target().from().orElseThrow(),
                candidate.digest(), candidate.commit());
    }
}
