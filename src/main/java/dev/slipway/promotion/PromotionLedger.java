package dev.slipway.promotion;

import dev.slipway.Problem;
import dev.slipway.Transactions;
import dev.slipway.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Every change to a promotion — its creation, each decision on it, each state move — stored with its time and
 * written to the audit log in the same transaction.
 */
public final class PromotionLedger {
    static final String SLIPWAY = "slipway";

    private final PromotionRepository promotions;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public PromotionLedger(PromotionRepository promotions, Transactions transactions, AuditLog audit, Clock clock) {
        this.promotions = promotions;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the promotion PENDING and cancels the older ones to the same environment that have not started
     * deploying: the newest request is the one people mean.
     */
    Promotion request(NewPromotion p) {
        return transactions.inTransaction(() -> {
            Promotion created = promotions.create(p);
            audit.record(p.requestedBy(), "promotion.requested", p.app(), subject(created), null,
                    PromotionState.PENDING + " " + p.digest() + " (commit " + Elapsed.commit(p.commit()) + ", run #"
                            + p.run() + ") via " + p.source().name().toLowerCase(java.util.Locale.ROOT));
            List<Promotion> older = promotions.open(p.app()).stream()
                    .filter(o -> o.environment().equals(p.environment()) && o.id() < created.id())
                    .filter(o -> o.state() == PromotionState.PENDING || o.state() == PromotionState.APPROVED)
                    .toList();
            for (Promotion o : older) {
                move(o, o.state(), PromotionState.CANCELLED, SLIPWAY, "promotion.cancelled",
                        "superseded by #" + created.id());
            }
            return created;
        });
    }

    /** A person's approval; refused if they already decided or the promotion no longer waits. */
    void approve(Promotion p, String user) {
        transactions.run(() -> {
            requirePending(p, "approve");
            if (!promotions.decide(new Approval(p.app(), p.id(), user, Approval.Decision.APPROVE, null, now()))) {
                throw Problem.conflict(user + " already decided on promotion #" + p.id() + " of " + p.app()
                        + ": each person counts once");
            }
            audit.record(user, "promotion.approved", p.app(), subject(p), null, "approved by " + user);
        });
    }

    /** A person's rejection: the promotion ends REJECTED with their reason. */
    void reject(Promotion p, String user, String reason) {
        transactions.run(() -> {
            requirePending(p, "reject");
            promotions.decide(new Approval(p.app(), p.id(), user, Approval.Decision.REJECT, reason, now()));
            if (!move(p, PromotionState.PENDING, PromotionState.REJECTED, user, "promotion.rejected",
                    "rejected by " + user + ": " + reason)) {
                throw notPending(promotions.find(p.app(), p.id()).orElse(p), "reject");
            }
        });
    }

    /** Every gate passed. */
    boolean admit(Promotion p) {
        return move(p, PromotionState.PENDING, PromotionState.APPROVED, SLIPWAY, "promotion.admitted", "every gate passed");
    }

    /** Claims an APPROVED promotion for deploying; only one caller wins. */
    boolean startDeploying(Promotion p) {
        return move(p, PromotionState.APPROVED, PromotionState.DEPLOYING, SLIPWAY, "promotion.deploying", null);
    }

    void deploymentQueued(Promotion p, long deployment) {
        promotions.setDeployment(p.app(), p.id(), deployment);
    }

    /** DEPLOYING → SUCCEEDED, FAILED or ERRORED. */
    boolean finish(Promotion p, PromotionState to, String reason) {
        return move(p, PromotionState.DEPLOYING, to, SLIPWAY, "promotion.finished", reason);
    }

    private boolean move(Promotion p, PromotionState from, PromotionState to, String actor, String action, String reason) {
        from.checkMoveTo(to);
        return transactions.inTransaction(() -> {
            boolean moved = promotions.move(p.app(), p.id(), from, to, now(), reason);
            if (moved) {
                audit.record(actor, action, p.app(), subject(p), from.name(), reason == null ? to.name() : to + ": " + reason);
            }
            return moved;
        });
    }

    private void requirePending(Promotion p, String verb) {
        Promotion now = promotions.find(p.app(), p.id()).orElse(p);
        if (now.state() != PromotionState.PENDING) {
            throw notPending(now, verb);
        }
    }

    static Problem notPending(Promotion p, String verb) {
        return Problem.conflict("promotion #" + p.id() + " of " + p.app() + " is " + p.state()
                + (p.reason() == null ? "" : " (" + p.reason() + ")") + ", not PENDING: there is nothing to " + verb);
    }

    /** Stored as epoch millis; truncating here keeps what we return equal to what we read back. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String subject(Promotion p) {
        return p.label();
    }
}
