package dev.slipway.promotion;

import java.util.List;

/** How a deployment came to be through a promotion: which one, who asked for it, and who approved it. */
public record PromotionOrigin(long promotion, long deployment, PromotionSource source, String requestedBy,
                              List<String> approvedBy) {
    public PromotionOrigin {
        approvedBy = List.copyOf(approvedBy);
    }
}
