package dev.slipway.pipeline;

import java.util.List;

/**
 * Which branches (or tags) an environment follows: glob patterns where {@code *} matches any
 * characters including '/', {@code ?} matches one character, and a leading {@code !} excludes.
 * A name matches when some positive pattern matches it and no excluding pattern does.
 */
public final class BranchPatterns {
    private static final BranchPatterns NONE = new BranchPatterns(List.of());

    private final List<String> patterns;

    private BranchPatterns(List<String> patterns) {
        this.patterns = patterns;
    }

    /** @throws IllegalArgumentException for an empty pattern or a bare "!" */
    public static BranchPatterns of(List<String> patterns) {
        List<String> copy = List.copyOf(patterns);
        for (String pattern : copy) {
            if (pattern.isEmpty() || pattern.equals("!")) {
                throw new IllegalArgumentException("a pattern must not be empty, got '" + pattern + "'");
            }
        }
        return copy.isEmpty() ? NONE : new BranchPatterns(copy);
    }

    public boolean matches(String branch) {
        boolean included = false;
        for (String pattern : patterns) {
            if (pattern.startsWith("!")) {
                if (glob(pattern.substring(1), branch)) {
                    return false;
                }
            } else if (!included && glob(pattern, branch)) {
                included = true;
            }
        }
        return included;
    }

    public List<String> patterns() {
        return patterns;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** False when every pattern is a "!" exclusion, so that nothing can ever match. */
    boolean hasPositive() {
        return patterns.stream().anyMatch(p -> !p.startsWith("!"));
    }

    /** Iterative wildcard match: on a mismatch, let the last '*' swallow one more character. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starText = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BranchPatterns that && patterns.equals(that.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
