package dev.slipway.promotion;

import java.util.List;

/** A promotion with what its gates say now and the decisions people made on it. */
public record PromotionDetail(Promotion promotion, List<GateStatus> gates, List<Approval> approvals) {
    public PromotionDetail {
        gates = List.copyOf(gates);
        approvals = List.copyOf(approvals);
    }
}
