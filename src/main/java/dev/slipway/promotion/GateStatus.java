package dev.slipway.promotion;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one gate says about one promotion: passed or not, why in words a person can act on, and when it is worth
 * asking again ({@code retryAt}: a soak that will have elapsed); empty when only an event can change the answer.
 */
public record GateStatus(String name, boolean passed, String detail, Optional<Instant> retryAt) {
    public GateStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(retryAt, "retryAt");
    }

    static GateStatus passed(String name, String detail) {
        return new GateStatus(name, true, detail, Optional.empty());
    }

    static GateStatus waiting(String name, String detail) {
        return new GateStatus(name, false, detail, Optional.empty());
    }

    static GateStatus waitingUntil(String name, String detail, Instant retryAt) {
        return new GateStatus(name, false, detail, Optional.of(retryAt));
    }
}
