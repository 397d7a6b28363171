package dev.slipway.pipeline;

import java.util.Objects;

/** One shell command of a job or of an environment's verification. */
public record StepSpec(String name, String run) {
    static final int MAX_DEFAULT_NAME = 60;

    /** A missing or blank name defaults to the first non-blank line of {@code run}, cut to 60 characters. */
    public StepSpec {
        Objects.requireNonNull(run, "run");
        if (name == null || name.isBlank()) {
            name = defaultName(run);
        }
    }

    public static StepSpec of(String run) {
        return new StepSpec(null, run);
    }

    private static String defaultName(String run) {
        String first = run.strip().lines().findFirst().orElse("").strip();
        return first.length() > MAX_DEFAULT_NAME ? first.substring(0, MAX_DEFAULT_NAME).stripTrailing() : first;
    }
}
