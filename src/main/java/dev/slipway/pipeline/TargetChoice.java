package dev.slipway.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An environment's {@code targets:}: which of the targets an admin bound to it this environment runs on. The
 * repository may only narrow what is bound — naming a target that is not bound there is refused at push time.
 */
public sealed interface TargetChoice {
    /** {@code targets: [prod-a, prod-b]}: these bound targets only. */
    record Named(List<String> targets) implements TargetChoice {
        public Named {
            targets = List.copyOf(targets);
        }
    }

    /** {@code targets: { site: ka }}: the bound targets that carry every one of these labels. */
    record Labelled(Map<String, String> labels) implements TargetChoice {
        public Labelled {
            Objects.requireNonNull(labels, "labels");
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** {@code site=ka,tier=web}, as the CLI writes labels. */
        public String text() {
            return String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
    }
}
