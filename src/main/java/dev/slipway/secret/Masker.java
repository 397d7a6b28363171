package dev.slipway.secret;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Replaces every secret value of an app with {@code ***} in a line of log text.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are left alone: masking "1" or "on" would mangle every
 * log line that happens to contain them while hiding next to nothing. A value that spans several lines (a PEM key)
 * is also masked line by line, since logs are read and written a line at a time. Only the literal value is
 * found: a service that prints it encoded (base64, URL-escaped) defeats any masker.
 */
public final class Masker implements UnaryOperator<String> {
    public static final String MASK = "***";
    public static final int MIN_LENGTH = 4;
    private static final Masker NONE = new Masker(List.of());

    /** Longest first, so a value that contains another is masked whole. */
    private final List<String> needles;

    private Masker(List<String> needles) {
        this.needles = needles;
    }

    public static Masker none() {
        return NONE;
    }

    public static Masker of(Collection<String> values) {
        Set<String> needles = new LinkedHashSet<>();
        for (String value : values) {
            add(needles, value);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                for (String line : value.split("\r?\n|\r")) {
                    add(needles, line);
                }
            }
        }
        return new Masker(needles.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    private static void add(Set<String> needles, String text) {
        if (text.length() >= MIN_LENGTH) {
            needles.add(text);
        }
    }

    @Override
    public String apply(String line) {
        if (line == null || needles.isEmpty()) {
            return line;
        }
        String masked = line;
        for (String needle : needles) {
            if (masked.contains(needle)) {
                masked = masked.replace(needle, MASK);
            }
        }
        return masked;
    }

    /** How many values it hides (for tests and diagnostics; never the values). */
    public int size() {
        return needles.size();
    }

    @Override
    public String toString() {
        return "Masker[" + needles.size() + " values]";
    }
}
