package dev.slipway.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The promotion, rollback and history bodies of the API as the CLI reads and sends them (see {@link ApiBodies}). */
final class PromotionBodies {
    private PromotionBodies() {}

    /** Exactly one of commit and from; the other is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewPromotion(String environment, String commit, String from) {}

    record Promotion(
            String app,
            long id,
            String environment,
            String digest,
            String commit,
            Long run,
            String source,
            String requestedBy,
            String author,
            String state,
            String reason,
            Long deployment,
            String createdAt,
            String updatedAt,
            List<Gate> gates,
            List<Decision> approvals) {
        Promotion {
            gates = gates == null ? List.of() : gates;
            approvals = approvals == null ? List.of() : approvals;
        }
    }

    /** {@code status}: passed, waiting or "not met". */
    record Gate(String name, String status, String detail, String retryAt) {}

    /** {@code decision}: approve or reject. */
    record Decision(String user, String decision, String reason, String at) {}

    record PromotionList(String app, List<Promotion> promotions) {
        PromotionList {
            promotions = promotions == null ? List.of() : promotions;
        }
    }

    record Rejection(String reason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RollbackTo(Long to) {}

    record Deployment(
            long id,
            String environment,
            String commit,
            String digest,
            Long run,
            String trigger,
            String actor,
            String state,
            String reason,
            String createdAt,
            String finishedAt,
            Long promotion,
            String requestedBy,
            List<String> approvedBy,
            String builtFrom) {

        /** A deployment a promotion made names who approved it; null when none did (or no promotion made it). */
        String approvers() {
            return approvedBy == null || approvedBy.isEmpty() ? null : String.join(", ", approvedBy);
        }
    }

    record History(String app, String environment, List<Deployment> deployments) {
        History {
            deployments = deployments == null ? List.of() : deployments;
        }
    }
}
