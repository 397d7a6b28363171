package dev.slipway.target;

import java.time.Instant;
import java.util.Objects;

/** An admin's word that an app's environment runs on the targets {@code selector} covers. */
public record TargetBinding(String app, String environment, TargetSelector selector, Instant boundAt, String boundBy) {
    public TargetBinding {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(boundAt, "boundAt");
        Objects.requireNonNull(boundBy, "boundBy");
    }

    /** {@code web/production ← site=ka}: for messages and the audit log. */
    public String label() {
        return app + "/" + environment + " ← " + selector.text();
    }
}
