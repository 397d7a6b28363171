package dev.slipway.pipeline;

import java.util.Locale;

/**
 * The part of an ephemeral environment's name that comes from a branch: "feature/X" becomes
 * "feature-x". At most 63 characters, so it fits a DNS label or a Kubernetes name.
 */
public final class BranchSlug {
    static final int MAX_LENGTH = 63;

    private BranchSlug() {}

    /** @throws IllegalArgumentException when the branch has no letter or digit to build a name from */
    public static String of(String branch) {
        String slug = trimDashes(branch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        if (slug.length() > MAX_LENGTH) {
            slug = trimDashes(slug.substring(0, MAX_LENGTH));
        }
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("branch '" + branch
                    + "' has no letter or digit (a-z, 0-9) to name an environment after");
        }
        return slug;
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}
