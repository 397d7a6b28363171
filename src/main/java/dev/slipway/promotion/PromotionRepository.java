package dev.slipway.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface PromotionRepository {
    /** Allocates the app's next promotion id and stores the promotion PENDING. */
    Promotion create(NewPromotion promotion);

    /** Compare-and-set on the promotion's state, stamping the time; returns whether it moved. */
    boolean move(String app, long id, PromotionState from, PromotionState to, Instant at, String reason);

    /** Records the deployment a DEPLOYING promotion started. */
    void setDeployment(String app, long id, long deployment);

    Optional<Promotion> find(String app, long id);

    /** Newest first. */
    List<Promotion> list(String app, int limit);

    /** PENDING, APPROVED or DEPLOYING promotions of the app, oldest first. */
    List<Promotion> open(String app);

    /** PENDING, APPROVED or DEPLOYING promotions of every app, oldest first: what a restarting server resumes. */
    List<Promotion> open();

    /** Stores a decision; returns false (and stores nothing) if the user already decided on this promotion. */
    boolean decide(Approval approval);

    /** The decisions on a promotion, in the order they were made. */
    List<Approval> approvals(String app, long promotion);

    /** The approvals of every promotion still on its way (see {@link #open()}), in one read. */
    List<Approval> approvalsOfOpen();

    /** The runs that make someone an author of the promotion (see {@link Author}), oldest first. */
    List<Author> authors(String app, long promotion);

    /** {@link #authors} of every promotion still on its way, in one read. */
    List<Author> authorsOfOpen();

    /** The runs whose artifacts the promotions still on their way carry, in one read. */
    List<dev.slipway.pipeline.Run> runsOfOpen();

    /** The newest {@code limit} promotions into the environment that deployed, newest first. */
    List<Promotion> deployedTo(String app, String environment, int limit);

    /** The decisions on the given promotions of the app, in one read (in the order they were made). */
    List<Approval> approvals(String app, java.util.Collection<Long> promotions);
}
