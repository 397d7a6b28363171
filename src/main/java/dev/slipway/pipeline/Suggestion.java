package dev.slipway.pipeline;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for a misspelt key or name: the closest known word, if it is close enough. */
final class Suggestion {
    private static final int MAX_EDITS = 2;

    private Suggestion() {}

    static Optional<String> closest(String word, List<String> known) {
        return known.stream()
                .filter(k -> distance(word, k) <= Math.min(MAX_EDITS, k.length() / 2))
                .min(Comparator.comparingInt(k -> distance(word, k)));
    }

    /** Case-insensitive Levenshtein distance, two rows at a time. */
    static int distance(String first, String second) {
        String a = first.toLowerCase(Locale.ROOT);
        String b = second.toLowerCase(Locale.ROOT);
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
