package dev.slipway.pipeline;

import java.util.List;
import java.util.Objects;

/** One shell command of a job or of an environment's verification. */
public record StepSpec(String name, String run) {
    static final int MAX_DEFAULT_NAME = 60;

    /**
     * A missing or blank name defaults to the first non-blank line of {@code run}, at most 60 characters; a name
     * cut short (a longer line, or more lines after it) ends with "…" so no one takes it for the whole command.
     */
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
        List<String> lines = run.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String first = lines.isEmpty() ? "" : lines.get(0);
        if (first.codePointCount(0, first.length()) > MAX_DEFAULT_NAME) {
            return first.substring(0, first.offsetByCodePoints(0, MAX_DEFAULT_NAME - 1)).stripTrailing() + "…";
        }
        return lines.size() > 1 ? first + " …" : first;
    }
}
