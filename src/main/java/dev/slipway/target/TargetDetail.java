package dev.slipway.target;

import java.util.List;

/** {@code slipway target show}: the target and the bindings that cover it now (by its name or by one of its labels). */
public record TargetDetail(Target target, List<TargetBinding> boundBy) {
    public TargetDetail {
        boundBy = List.copyOf(boundBy);
    }
}
