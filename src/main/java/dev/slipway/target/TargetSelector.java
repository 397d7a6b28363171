package dev.slipway.target;

import java.util.Objects;

/** What a binding names: one target, or a label that covers every target carrying it, now or later. */
public sealed interface TargetSelector {
    boolean covers(Target target);

    /** As people write it: {@code prod-a} or {@code site=ka}. A target name never holds '=', so the two never clash. */
    String text();

    /** The CLI's spelling, for messages that say what to run: {@code prod-a} or {@code --label site=ka}. */
    String argument();

    record Named(String target) implements TargetSelector {
        public Named {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public boolean covers(Target t) {
            return t.name().equals(target);
        }

        @Override
        public String text() {
            return target;
        }

        @Override
        public String argument() {
            return target;
        }
    }

    record Labelled(String key, String value) implements TargetSelector {
        public Labelled {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean covers(Target t) {
            return value.equals(t.labels().get(key));
        }

        @Override
        public String text() {
            return key + "=" + value;
        }

        @Override
        public String argument() {
            return "--label " + text();
        }
    }
}
