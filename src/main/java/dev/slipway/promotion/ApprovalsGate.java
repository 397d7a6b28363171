package dev.slipway.promotion;

import dev.slipway.auth.Access;
import dev.slipway.auth.Action;
import dev.slipway.auth.Place;
import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.pipeline.Approvals;
import dev.slipway.pipeline.EnvironmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code approvals: { required: N, role: R, not_author: true }}: N different people who hold R on the app now
 * (a role taken away takes the approval with it) and, with not_author, are none of its {@link Authors}.
 */
final class ApprovalsGate implements Gate {
    static final String NAME = "approvals";

    private final PromotionRepository promotions;
    private final Access access;

    ApprovalsGate(PromotionRepository promotions, Access access) {
        this.promotions = promotions;
        this.access = access;
    }

    @Override
    public GateStatus evaluate(Promotion promotion, EnvironmentSpec target) {
        return evaluate(promotion, target, Decisions.of(promotions, promotion));
    }

    /** With the promotion's decisions already read (a promotion shown with its approvals reads them once). */
    GateStatus evaluate(Promotion promotion, EnvironmentSpec target, Decisions read) {
        Approvals rule = target.approvals().orElseThrow();
        List<Approval> decisions = read.approvals();
        Authors authors = Authors.of(promotion, read.authors());
        Role role = Places.toApprove(target);
        Place place = Places.of(promotion.app(), target);
        if (promotion.state() == PromotionState.REJECTED) {
            return GateStatus.waiting(NAME, promotion.reason() == null ? "rejected" : promotion.reason());
        }
        Optional<Approval> rejection = decisions.stream().filter(a -> a.decision() == Approval.Decision.REJECT).findFirst();
        if (rejection.isPresent()) {
            return GateStatus.waiting(NAME, "rejected by " + rejection.get().user() + ": " + rejection.get().reason());
        }
        List<String> counted = new ArrayList<>();
        List<String> notCounted = new ArrayList<>();
        for (Approval a : decisions) {
            if (rule.notAuthor() && authors.includes(a.user())) {
                notCounted.add(authors.why(a.user()).orElseThrow());
            } else if (!access.decide(new Principal(a.user()), Action.APPROVE, place).allowed()) {
                notCounted.add(a.user() + " does not have role " + role.label());
            } else {
                counted.add(a.user());
            }
        }
        if (counted.size() >= rule.required()) {
            return GateStatus.passed(NAME, "approved by " + String.join(", ", counted));
        }
        String who = "a " + role.label() + (rule.notAuthor() ? " other than " + authors.describe() : "");
        String detail = target.name() + " requires " + rule.required() + " approval" + (rule.required() == 1 ? "" : "s")
                + " by " + who + " (has " + counted.size() + "): run `slipway approve " + promotion.app() + " "
                + promotion.id() + "`";
        if (!notCounted.isEmpty()) {
            detail += "; not counted: " + String.join(", ", notCounted);
        }
        return GateStatus.waiting(NAME, detail);
    }
}
