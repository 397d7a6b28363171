package dev.slipway.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * Which files of a directory to read ({@code suffixes}: names ending so, e.g. {@code .yml}) and how much of them at
 * most: a number of files, bytes per file and bytes in all. A repository checks every limit from the sizes it stores
 * before it reads any content.
 */
public record DirectoryQuery(List<String> suffixes, int maxFiles, long maxFileBytes, long maxTotalBytes) {
    public DirectoryQuery {
        suffixes = List.copyOf(suffixes);
        if (suffixes.isEmpty() || maxFiles < 1 || maxFileBytes < 1 || maxTotalBytes < maxFileBytes) {
            throw new IllegalArgumentException("a directory query names suffixes and positive limits");
        }
    }

    /** Whether a file at {@code path} is one to read (names compared without regard to case: {@code APP.YML}). */
    public boolean wants(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return suffixes.stream().anyMatch(name::endsWith);
    }

    /** The suffixes as a person reads them: {@code *.yml or *.yaml}. */
    String shown() {
        return String.join(" or ", suffixes.stream().map(s -> "*" + s).toList());
    }
}
