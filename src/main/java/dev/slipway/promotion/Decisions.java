package dev.slipway.promotion;

import java.util.List;

/** What the approvals gate reads about one promotion: the decisions made on it and the runs of its authors. */
record Decisions(List<Approval> approvals, List<Author> authors) {
    Decisions {
        approvals = List.copyOf(approvals);
        authors = List.copyOf(authors);
    }

    static Decisions of(PromotionRepository promotions, Promotion p) {
        return new Decisions(promotions.approvals(p.app(), p.id()), promotions.authors(p.app(), p.id()));
    }
}
